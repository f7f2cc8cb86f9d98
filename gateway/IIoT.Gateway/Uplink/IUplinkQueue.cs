namespace IIoT.Gateway.Uplink;

/// <summary>A record waiting in the buffer: its global index and the framed batch element it holds.</summary>
internal readonly record struct QueuedRecord(ulong Index, ReadOnlyMemory<byte> Payload);

/// <summary>What the forwarder needs of the durable buffer.</summary>
internal interface IUplinkQueue
{
    /// <summary>Records from <paramref name="fromIndex"/> on (or from the oldest still kept), waiting up to maxWait for one.</summary>
    ValueTask<IReadOnlyList<QueuedRecord>> ReadAsync(ulong fromIndex, int maxRecords, int maxBytes, TimeSpan maxWait, CancellationToken cancellationToken);

    /// <summary>Everything below <paramref name="upToExclusive"/> is stored in the cloud and may leave the buffer.</summary>
    ValueTask AcknowledgeAsync(ulong upToExclusive, CancellationToken cancellationToken);
}
