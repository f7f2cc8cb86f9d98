using IIoT.Gateway.Collection.Mqtt.Mapping;

namespace IIoT.Gateway.Collection.Mqtt;

/// <summary>A message mapped in the receive handler and waiting to become durable, then to be acknowledged.</summary>
internal sealed class ReceivedMessage(
    string topic,
    MappingResult result,
    List<ReadOnlyMemory<byte>> records,
    ReadOnlyMemory<byte> failedPayload,
    long receiveTimeNs,
    Func<CancellationToken, Task> acknowledge)
{
    public string Topic { get; } = topic;

    public MappingResult Result { get; } = result;

    /// <summary>Framed points; empty when mapping failed.</summary>
    public List<ReadOnlyMemory<byte>> Records { get; } = records;

    /// <summary>A copy of the payload, kept only when it goes to the dead letters.</summary>
    public ReadOnlyMemory<byte> FailedPayload { get; } = failedPayload;

    public long ReceiveTimeNs { get; } = receiveTimeNs;

    /// <summary>Sends the PUBACK (a no-op for QoS 0).</summary>
    public Func<CancellationToken, Task> Acknowledge { get; } = acknowledge;
}
