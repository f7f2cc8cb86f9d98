using IIoT.OpcUa.Stack.Transport;
using IIoT.OpcUa.Stack.Transport.Connection;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Fuzz;

/// <summary>
/// The UACP parsers: MessageHeader.TryParse, HEL/ACK/ERR TryDecode and the ChunkAssembler, all documented as
/// "never throws on wire data", so here even a UaDecodingException or UacpException is a failure.
/// </summary>
internal static class TransportTargets
{
    public static FuzzTarget Uacp { get; } = new("uacp", "MessageHeader, HelloMessage, AcknowledgeMessage, ErrorMessage, ChunkAssembler over a frame sequence",
        input =>
        {
            try
            {
                Run(input);
            }
            catch (Exception e) when (e is UaDecodingException or UacpException)
            {
                throw new FuzzFailure($"a never-throws UACP parser threw {e.GetType().Name}: {e.Message}", e);
            }
        });

    private static void Run(ReadOnlyMemory<byte> input)
    {
        // Small limits so that size checks, chunk counts and the abort path are all reachable from short inputs.
        using var assembler = new ChunkAssembler(receiveBufferSize: 8192, maxMessageSize: 32 * 1024, maxChunkCount: 4);
        foreach (var memory in FrameSplitter.Split(input))
        {
            var frame = memory.Span;
            if (!MessageHeader.TryParse(frame, 65535, out var header, out _)) continue;
            switch (header.Type)
            {
                case MessageType.Hello when HelloMessage.TryDecode(frame, out var hello, out _):
                    Same(hello, Reencode(hello.Encode), static (ReadOnlySpan<byte> f) => HelloMessage.TryDecode(f, out var h, out _) ? h : null);
                    break;
                case MessageType.Acknowledge when AcknowledgeMessage.TryDecode(frame, out var ack, out _):
                    Same(ack, Reencode(ack.Encode), static (ReadOnlySpan<byte> f) => AcknowledgeMessage.TryDecode(f, out var a, out _) ? a : null);
                    break;
                case MessageType.Error when ErrorMessage.TryDecode(frame, out var error, out _):
                    Same(error, Reencode(error.Encode), static (ReadOnlySpan<byte> f) => ErrorMessage.TryDecode(f, out var x, out _) ? x : null);
                    break;
                default:
                    var outcome = assembler.Add(frame);
                    outcome.Message?.Dispose();
                    if (assembler.RentedBytes > 64 * 1024)
                        throw new FuzzFailure($"ChunkAssembler holds {assembler.RentedBytes} bytes with a 32 KiB message limit");
                    break;
            }
        }
    }

    private delegate T? Parse<T>(ReadOnlySpan<byte> frame);

    private static byte[] Reencode(Action<System.Buffers.IBufferWriter<byte>> encode)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        encode(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private static void Same<T>(T decoded, byte[] encoded, Parse<T> parse)
        where T : class
    {
        var again = parse(encoded);
        if (!Equals(decoded, again))
            throw new FuzzFailure($"{typeof(T).Name} {decoded} re-encoded as {Convert.ToHexString(encoded)} decodes as {again?.ToString() ?? "a refusal"}");
    }
}
