using IIoT.OpcUa.Stack.Transport;

namespace IIoT.OpcUa.Stack.SecureChannel;

/// <summary>
/// One message received on a secure channel, with the headers of its chunks. Either complete (<see cref="Message"/>
/// set, owned by the receiver, who disposes this) or aborted by the sender (<see cref="AbortStatus"/> set).
/// </summary>
internal sealed class SecureMessage(
    MessageType type,
    uint channelId,
    uint tokenId,
    uint requestId,
    AsymmetricSecurityHeader? asymmetricHeader,
    AssembledMessage? message,
    uint abortStatus,
    string? abortReason) : IDisposable
{
    public MessageType Type { get; } = type;

    public uint ChannelId { get; } = channelId;

    /// <summary>The TokenId of MSG/CLO; 0 for OPN.</summary>
    public uint TokenId { get; } = tokenId;

    public uint RequestId { get; } = requestId;

    public AsymmetricSecurityHeader? AsymmetricHeader { get; } = asymmetricHeader;

    public AssembledMessage? Message { get; } = message;

    public uint AbortStatus { get; } = abortStatus;

    public string? AbortReason { get; } = abortReason;

    public void Dispose() => Message?.Dispose();
}
