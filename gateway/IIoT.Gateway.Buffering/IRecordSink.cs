namespace IIoT.Gateway.Buffering;

/// <summary>Where intakes put what they received.</summary>
public interface IRecordSink
{
    /// <summary>
    /// Appends records in order. The returned task completes only once every record is durable
    /// (written and fsynced): an intake acknowledges its source (MQTT PUBACK, OPC UA Publish ack) after that.
    /// With the Block overflow policy it waits while the buffer is full, which is the backpressure
    /// that reaches the source.
    /// </summary>
    ValueTask AppendAsync(IReadOnlyList<ReadOnlyMemory<byte>> records, CancellationToken cancellationToken);
}
