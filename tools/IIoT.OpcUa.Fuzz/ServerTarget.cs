using System.Buffers;
using IIoT.OpcUa.Stack.SecureChannel;
using IIoT.OpcUa.Stack.Transport;
using IIoT.OpcUa.Stack.Transport.Connection;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Fuzz;

/// <summary>
/// The server's message handling: the input, cut into frames, is sent by the client end of an
/// <see cref="InMemoryChunkTransport"/> pair into <see cref="UacpServerConnection.AcceptAsync"/> and then a
/// <see cref="ServerSecureChannel"/>. A well-formed CLO is appended, so every run ends: normally on that CLO, or with
/// ERR + close at the first violation; requests go to the real server's services. Properties: only UacpException (a clean close) escapes, and the server finishes
/// within <see cref="Deadline"/> (no hang, no handler left running).
/// </summary>
internal static class ServerTarget
{
    public const uint ChannelId = 1;

    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    private static readonly TransportLimits Limits = new() { MaxMessageSize = 256 * 1024 };

    private static readonly ServerSecureChannelOptions Options = new() { OpenTimeout = TimeSpan.FromSeconds(2) };

    /// <summary>
    /// The service dispatcher behind the channel: our real server's service table (<see cref="RealServer"/>), so every
    /// request that gets through the channel is decoded and handled by the same code a client reaches over TCP.
    /// </summary>
    public static Func<uint, ReadOnlyMemory<byte>, ValueTask<IEncodeable>> Handler { get; set; } = RealServer.DispatchAsync;

    public static FuzzTarget Target { get; } = new("server", "HEL/ACK + ServerSecureChannel (OPN, MSG, CLO) + our server's service table", Run, checkAllocations: false);

    private static void Run(ReadOnlyMemory<byte> input)
    {
        var frames = FrameSplitter.Split(input);
        var task = RunAsync(frames, Handler);
        if (Task.WhenAny(task, Task.Delay(Deadline)).GetAwaiter().GetResult() != task)
        {
            throw new FuzzFailure($"server did not finish within {Deadline.TotalSeconds} s after {frames.Count} frames and a CLO");
        }
        task.GetAwaiter().GetResult();
    }

    /// <summary>One session: the frames, then a CLO. Throws UacpException when the server closed the channel on a violation.</summary>
    internal static async Task RunAsync(List<ReadOnlyMemory<byte>> frames, Func<uint, ReadOnlyMemory<byte>, ValueTask<IEncodeable>> handler)
    {
        var (client, server) = InMemoryChunkTransport.CreatePair();
        try
        {
            foreach (var frame in frames) await client.SendAsync(frame, CancellationToken.None);
            await client.SendAsync(CloseFrame(frames), CancellationToken.None);

            UacpConnection connection;
            try
            {
                connection = await UacpServerConnection.AcceptAsync(server, Limits, Deadline);
            }
            catch (UacpException)
            {
                return; // HEL refused: ERR sent and closed, which is the promised outcome.
            }

            await using var channel = new ServerSecureChannel(server, connection.Limits, ChannelId, handler, Options);
            await channel.RunAsync();
        }
        finally
        {
            await client.CloseAsync();
            await server.DisposeAsync();
        }
    }

    internal static ValueTask<IEncodeable> TrivialHandler(uint encodingId, ReadOnlyMemory<byte> body)
    {
        if (EncodeableTypes.ByBinaryEncodingId.TryGetValue(encodingId, out var entry)) entry.DecodeWhole(body.Span);
        IEncodeable fault = new ServiceFault
        {
            ResponseHeader = new ResponseHeader { ServiceResult = new StatusCode(StatusCodes.BadServiceUnsupported) },
        };
        return ValueTask.FromResult(fault);
    }

    /// <summary>CLO on channel 1, token 1, with the next sequence number after the input's frames (a guess is enough).</summary>
    private static byte[] CloseFrame(List<ReadOnlyMemory<byte>> frames)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new UaBinaryWriter(buffer);
        writer.WriteUInt32(0x464F4C43); // "CLOF"
        writer.WriteUInt32(0); // size, patched below
        writer.WriteUInt32(ChannelId);
        writer.WriteUInt32(1); // TokenId
        writer.WriteUInt32((uint)frames.Count + 1); // SequenceNumber
        writer.WriteUInt32((uint)frames.Count + 1); // RequestId
        writer.WriteNodeId(new NodeId(CloseSecureChannelRequest.BinaryEncodingId));
        new CloseSecureChannelRequest().Encode(writer);
        var bytes = buffer.WrittenSpan.ToArray();
        BitConverter.TryWriteBytes(bytes.AsSpan(4), (uint)bytes.Length);
        return bytes;
    }
}
