namespace IIoT.OpcUa.Stack.Transport;

/// <summary>
/// The limits in force on one connection after HEL/ACK, from our side. "Receive" limits are ours and enforced
/// on incoming chunks; "Send" limits are the peer's and bound what we send (0 = the peer set no limit).
/// </summary>
public sealed record ChannelLimits(
    uint ReceiveBufferSize,
    uint SendBufferSize,
    uint MaxReceiveMessageSize,
    uint MaxReceiveChunkCount,
    uint MaxSendMessageSize,
    uint MaxSendChunkCount);
