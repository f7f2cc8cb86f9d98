namespace IIoT.Gateway.Buffering;

/// <summary>Where intakes put what they received.</summary>
public interface IRecordSink
{
    /// <summary>
    /// Appends records in order. The returned task completes only once every record is durable
    /// (written and fsynced): an intake acknowledges its source (MQTT PUBACK, OPC UA Publish ack) after that.
    /// With the Block overflow policy it waits while the buffer is full, which is the backpressure
    /// that reaches the source.
    /// The records are only borrowed: the sink copies what it keeps before the task completes, so a caller may
    /// reuse their memory once it completed successfully (the OPC UA pump writes every append into the same chunks).
    /// </summary>
    ValueTask AppendAsync(IReadOnlyList<ReadOnlyMemory<byte>> records, CancellationToken cancellationToken);
}
