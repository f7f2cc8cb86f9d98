using IIoT.OpcUa.Types.Structures;
using System.Buffers;
using System.Buffers.Binary;
using IIoT.OpcUa.Stack.SecureChannel;
using IIoT.OpcUa.Stack.Transport;

namespace IIoT.OpcUa.Fuzz.Tests;

/// <summary>
/// The transport half of the node-opcua vectors (the body half is in IIoT.OpcUa.Types.Tests/Vectors, which has no
/// Stack reference): our UACP parsers read node-opcua's HEL/ACK and re-encode them byte for byte, every frame passes
/// MessageHeader.TryParse, and every chunk goes through the ChunkAssembler and ServiceMessage.TryDecode.
/// </summary>
public sealed class CapturedUacpVectorTests
{
    private static readonly List<(string Direction, string Label, byte[] Bytes)> Frames =
        [.. File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Vectors", "nodeopcua-session.hex"))
            .Where(l => l.Length > 0).Select(l => l.Split(' ')).Select(p => (p[1], p[2], Convert.FromHexString(p[3])))];

    [Fact]
    public void Node_opcua_HEL_decodes_and_re_encodes_byte_exact()
    {
        var frame = Frames.Single(f => f.Label == "HEL").Bytes;
        Assert.True(HelloMessage.TryDecode(frame, out var hello, out var error), $"refused 0x{error:X8}");
        Assert.Equal(0u, hello.ProtocolVersion);
        Assert.StartsWith("opc.tcp://127.0.0.1:", hello.EndpointUrl);
        var buffer = new ArrayBufferWriter<byte>();
        hello.Encode(buffer);
        Assert.Equal(Convert.ToHexString(frame), Convert.ToHexString(buffer.WrittenSpan));
    }

    [Fact]
    public void Node_opcua_ACK_decodes_and_re_encodes_byte_exact()
    {
        var frame = Frames.Single(f => f.Label == "ACK").Bytes;
        Assert.True(AcknowledgeMessage.TryDecode(frame, out var ack, out var error), $"refused 0x{error:X8}");
        Assert.True(ack.ReceiveBufferSize >= UacpLimits.MinBufferSize);
        var buffer = new ArrayBufferWriter<byte>();
        ack.Encode(buffer);
        Assert.Equal(Convert.ToHexString(frame), Convert.ToHexString(buffer.WrittenSpan));
    }

    [Fact]
    public void Every_captured_frame_has_a_valid_header_whose_size_is_its_length()
    {
        Assert.All(Frames, f =>
        {
            Assert.True(MessageHeader.TryParse(f.Bytes, UacpLimits.DefaultBufferSize, out var header, out var error), $"{f.Label}: 0x{error:X8}");
            Assert.Equal((uint)f.Bytes.Length, header.MessageSize);
            Assert.Equal(f.Label[..3], header.Type switch
            {
                MessageType.Hello => "HEL",
                MessageType.Acknowledge => "ACK",
                MessageType.OpenSecureChannel => "OPN",
                MessageType.Message => "MSG",
                MessageType.CloseSecureChannel => "CLO",
                _ => "?",
            });
        });
    }

    [Fact]
    public void Every_captured_chunk_assembles_and_names_its_service_by_encoding_id()
    {
        using var assembler = new ChunkAssembler(UacpLimits.DefaultBufferSize, UacpLimits.DefaultMaxMessageSize, 0);
        var chunks = Frames.Where(f => f.Label[..3] is "OPN" or "MSG" or "CLO").ToList();
        Assert.True(chunks.Count > 30);
        foreach (var (_, label, bytes) in chunks)
        {
            var outcome = assembler.Add(bytes, BodyOffset(bytes));
            Assert.Equal(ChunkOutcomeKind.Complete, outcome.Kind);
            using var message = outcome.Message!;
            Assert.True(ServiceMessage.TryDecode(message.Body, out var service, out _), label);
            Assert.Equal(label[(label.IndexOf(':') + 1)..], service.EncodingId.ToString(System.Globalization.CultureInfo.InvariantCulture));

            // ServiceMessage.Encode of the decoded structure gives the captured body back.
            var decoded = EncodeableTypes.ByBinaryEncodingId[service.EncodingId].DecodeWhole(service.Body.Span);
            Assert.Equal(Convert.ToHexString(message.Body.Span), Convert.ToHexString(ServiceMessage.Encode(decoded)));
        }
    }

    /// <summary>SecurityPolicy None: asymmetric header (three strings) for OPN, a TokenId for MSG/CLO, then the sequence header.</summary>
    private static int BodyOffset(byte[] frame)
    {
        var offset = UacpLimits.SecureChannelHeaderLength;
        if (frame[0] == (byte)'O')
        {
            for (var i = 0; i < 3; i++) offset += 4 + Math.Max(BinaryPrimitives.ReadInt32LittleEndian(frame.AsSpan(offset)), 0);
        }
        else
        {
            offset += 4;
        }
        return offset + 8;
    }
}
