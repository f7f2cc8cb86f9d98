using System.Diagnostics.CodeAnalysis;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Stack.Transport;

/// <summary>
/// The limit negotiation both sides do after HEL/ACK (OPC 10000-6 §7.1.2.3, §7.1.2.4). Each chunk size is the
/// smaller of what the sender can send and what the receiver can receive, never under 8192.
/// </summary>
public static class TransportNegotiation
{
    /// <summary>Server side: revise our limits against the client's HEL and build the ACK to send back.</summary>
    public static bool TryAcceptHello(
        TransportLimits ours,
        HelloMessage hello,
        [NotNullWhen(true)] out AcknowledgeMessage? ack,
        [NotNullWhen(true)] out ChannelLimits? limits,
        out uint error)
    {
        ack = null;
        limits = null;
        if (hello.ReceiveBufferSize < UacpLimits.MinBufferSize || hello.SendBufferSize < UacpLimits.MinBufferSize)
        {
            error = StatusCodes.BadConnectionRejected;
            return false;
        }

        // Only version 0 exists; a higher client version is answered with ours and the client decides (§7.1.2.3).
        // Our receive chunks are no larger than the client sends, our send chunks no larger than it receives.
        var receive = Revise(ours.ReceiveBufferSize, hello.SendBufferSize);
        var send = Revise(ours.SendBufferSize, hello.ReceiveBufferSize);
        var maxChunks = ours.ChunkCountFor(receive);

        ack = new AcknowledgeMessage(TransportLimits.ProtocolVersion, receive, send, ours.MaxMessageSize, maxChunks);
        limits = new ChannelLimits(receive, send, ours.MaxMessageSize, maxChunks, hello.MaxMessageSize, hello.MaxChunkCount);
        error = 0;
        return true;
    }

    /// <summary>Client side: combine the limits we sent in HEL with the server's ACK.</summary>
    public static bool TryAcceptAcknowledge(
        TransportLimits ours,
        AcknowledgeMessage ack,
        [NotNullWhen(true)] out ChannelLimits? limits,
        out uint error)
    {
        limits = null;
        if (ack.ProtocolVersion > TransportLimits.ProtocolVersion)
        {
            error = StatusCodes.BadProtocolVersionUnsupported;
            return false;
        }

        if (ack.ReceiveBufferSize < UacpLimits.MinBufferSize || ack.SendBufferSize < UacpLimits.MinBufferSize)
        {
            error = StatusCodes.BadConnectionRejected;
            return false;
        }

        // A server that revised upwards is held to what we offered: we never receive more than our buffer.
        var receive = Revise(ours.ReceiveBufferSize, ack.SendBufferSize);
        var send = Revise(ours.SendBufferSize, ack.ReceiveBufferSize);
        limits = new ChannelLimits(
            receive,
            send,
            ours.MaxMessageSize,
            ours.ChunkCountFor(ours.ReceiveBufferSize),
            ack.MaxMessageSize,
            ack.MaxChunkCount);
        error = 0;
        return true;
    }

    private static uint Revise(uint ours, uint theirs) => Math.Max(Math.Min(ours, theirs), UacpLimits.MinBufferSize);
}
