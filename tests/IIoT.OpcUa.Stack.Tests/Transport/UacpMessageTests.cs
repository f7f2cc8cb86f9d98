using System.Buffers.Binary;
using System.Text;
using IIoT.OpcUa.Stack.Transport;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Stack.Tests.Transport;

public sealed class UacpMessageTests
{
    // PROTOCOL-NOTES.md §1 wire example (open62541 fuzz corpus client_securechannel_00001_hel.bin).
    private static readonly byte[] GoldenHello = Bytes.Hex(
        "48 45 4C 46 | 38 00 00 00 | 00 00 00 00 | FF FF 00 00 | FF FF 00 00 | 00 00 00 00 | 00 00 00 00 | 18 00 00 00"
        + Convert.ToHexString(Encoding.ASCII.GetBytes("opc.tcp://localhost:4840")));

    // Built by hand from the §1 field table: version 0, receive 8192, send 65536, max message 4 MiB, 16 chunks.
    private static readonly byte[] GoldenAcknowledge = Bytes.Hex(
        "41 43 4B 46 | 1C 00 00 00 | 00 00 00 00 | 00 20 00 00 | 00 00 01 00 | 00 00 40 00 | 10 00 00 00");

    // ERR BadTcpMessageTooLarge (0x80800000) with reason "oops": 8 + 4 + 4 + 4 = 20 bytes.
    private static readonly byte[] GoldenError = Bytes.Hex(
        "45 52 52 46 | 14 00 00 00 | 00 00 80 80 | 04 00 00 00 | 6F 6F 70 73");

    // RHE ServerUri "urn", EndpointUrl null: 8 + 7 + 4 = 19 bytes.
    private static readonly byte[] GoldenReverseHello = Bytes.Hex(
        "52 48 45 46 | 13 00 00 00 | 03 00 00 00 | 75 72 6E | FF FF FF FF");

    private static readonly HelloMessage Hello = new(0, 65535, 65535, 0, 0, "opc.tcp://localhost:4840");
    private static readonly AcknowledgeMessage Acknowledge = new(0, 8192, 65536, 4 * 1024 * 1024, 16);

    [Fact]
    public void Hello_golden_bytes_encode_and_decode()
    {
        Assert.Equal(GoldenHello, Bytes.Encode(Hello.Encode));
        Assert.Equal(56, Hello.EncodedLength);
        Assert.True(HelloMessage.TryDecode(GoldenHello, out var decoded, out var error));
        Assert.Equal(0u, error);
        Assert.Equal(Hello, decoded);
    }

    [Fact]
    public void Acknowledge_golden_bytes_encode_and_decode()
    {
        Assert.Equal(GoldenAcknowledge, Bytes.Encode(Acknowledge.Encode));
        Assert.True(AcknowledgeMessage.TryDecode(GoldenAcknowledge, out var decoded, out _));
        Assert.Equal(Acknowledge, decoded);
    }

    [Fact]
    public void Error_golden_bytes_encode_and_decode()
    {
        var message = new ErrorMessage(StatusCodes.BadTcpMessageTooLarge, "oops");
        Assert.Equal(GoldenError, Bytes.Encode(message.Encode));
        Assert.True(ErrorMessage.TryDecode(GoldenError, out var decoded, out _));
        Assert.Equal(message, decoded);
    }

    [Fact]
    public void ReverseHello_golden_bytes_encode_and_decode_with_a_null_string()
    {
        var message = new ReverseHelloMessage("urn", null);
        Assert.Equal(GoldenReverseHello, Bytes.Encode(message.Encode));
        Assert.True(ReverseHelloMessage.TryDecode(GoldenReverseHello, out var decoded, out _));
        Assert.Equal(message, decoded);
    }

    [Fact]
    public void Every_truncated_prefix_of_a_valid_message_fails_cleanly()
    {
        foreach (var golden in new[] { GoldenHello, GoldenAcknowledge, GoldenError, GoldenReverseHello })
        {
            for (var length = 0; length < golden.Length; length++)
            {
                var prefix = golden.AsSpan(0, length);
                Assert.False(HelloMessage.TryDecode(prefix, out _, out var e1));
                Assert.False(AcknowledgeMessage.TryDecode(prefix, out _, out var e2));
                Assert.False(ErrorMessage.TryDecode(prefix, out _, out var e3));
                Assert.False(ReverseHelloMessage.TryDecode(prefix, out _, out var e4));
                Assert.All(new[] { e1, e2, e3, e4 }, e => Assert.NotEqual(0u, e));
            }
        }
    }

    [Fact]
    public void A_truncated_hello_whose_header_is_patched_to_its_length_fails_cleanly()
    {
        // Header consistent with the span, so the field readers themselves meet the end of the data.
        for (var length = 8; length < GoldenHello.Length; length++)
        {
            var copy = GoldenHello.AsSpan(0, length).ToArray();
            BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(4), (uint)length);
            Assert.False(HelloMessage.TryDecode(copy, out _, out var error));
            Assert.NotEqual(0u, error);
        }
    }

    [Fact]
    public void Trailing_bytes_and_wrong_types_are_refused()
    {
        var longer = GoldenAcknowledge.Concat(new byte[] { 0 }).ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(longer.AsSpan(4), (uint)longer.Length);
        Assert.False(AcknowledgeMessage.TryDecode(longer, out _, out _));

        Assert.False(HelloMessage.TryDecode(GoldenAcknowledge, out _, out var error));
        Assert.Equal(StatusCodes.BadTcpMessageTypeInvalid, error);
    }

    [Fact]
    public void String_length_beyond_the_remaining_bytes_or_negative_is_a_decoding_error()
    {
        var copy = (byte[])GoldenError.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(copy.AsSpan(12), 5); // only 4 bytes follow
        Assert.False(ErrorMessage.TryDecode(copy, out _, out var error));
        Assert.Equal(StatusCodes.BadDecodingError, error);

        BinaryPrimitives.WriteInt32LittleEndian(copy.AsSpan(12), -2);
        Assert.False(ErrorMessage.TryDecode(copy, out _, out error));
        Assert.Equal(StatusCodes.BadDecodingError, error);
    }

    [Fact]
    public void Invalid_utf8_is_a_decoding_error()
    {
        var copy = (byte[])GoldenError.Clone();
        copy[16] = 0xFF;
        Assert.False(ErrorMessage.TryDecode(copy, out _, out var error));
        Assert.Equal(StatusCodes.BadDecodingError, error);
    }

    [Theory]
    [InlineData(8191u, 65535u)]
    [InlineData(65535u, 8191u)]
    [InlineData(0u, 0u)]
    public void UA_D12_hello_or_ack_with_buffers_under_8192_is_rejected(uint receive, uint send)
    {
        var hello = Bytes.Encode((Hello with { ReceiveBufferSize = receive, SendBufferSize = send }).Encode);
        Assert.False(HelloMessage.TryDecode(hello, out _, out var error));
        Assert.Equal(StatusCodes.BadConnectionRejected, error);

        var ack = Bytes.Encode((Acknowledge with { ReceiveBufferSize = receive, SendBufferSize = send }).Encode);
        Assert.False(AcknowledgeMessage.TryDecode(ack, out _, out error));
        Assert.Equal(StatusCodes.BadConnectionRejected, error);
    }

    [Fact]
    public void UA_D12_endpoint_url_over_4096_bytes_is_rejected_and_4096_passes()
    {
        var atLimit = Hello with { EndpointUrl = "opc.tcp://" + new string('a', 4096 - 10) };
        Assert.True(HelloMessage.TryDecode(Bytes.Encode(atLimit.Encode), out var decoded, out _));
        Assert.Equal(atLimit, decoded);

        var tooLong = Hello with { EndpointUrl = atLimit.EndpointUrl + "b" };
        Assert.Throws<ArgumentException>(() => Bytes.Encode(tooLong.Encode));
        // A whole frame with room for the long URL is already refused by its header size.
        Assert.False(HelloMessage.TryDecode(HandEncodedHello(tooLong.EndpointUrl!), out _, out var error));
        Assert.Equal(StatusCodes.BadTcpMessageTooLarge, error);

        // A multi-byte character counts by its UTF-8 bytes, not its chars.
        var wide = new string('é', 2049); // 4098 bytes
        Assert.False(HelloMessage.TryDecode(HandEncodedHello(wide), out _, out error));
        Assert.Equal(StatusCodes.BadTcpMessageTooLarge, error);

        // A length prefix claiming more than 4096 is refused before the remaining bytes are even considered.
        var claim = HandEncodedHello("opc.tcp://x");
        BinaryPrimitives.WriteInt32LittleEndian(claim.AsSpan(28), 4097);
        Assert.False(HelloMessage.TryDecode(claim, out _, out error));
        Assert.Equal(StatusCodes.BadTcpEndpointUrlInvalid, error);

        var rhe = HandEncodedReverseHello("urn:x", tooLong.EndpointUrl!);
        Assert.False(ReverseHelloMessage.TryDecode(rhe, out _, out error));
        Assert.Equal(StatusCodes.BadTcpEndpointUrlInvalid, error);
    }

    [Fact]
    public void UA_D12_error_reason_over_4096_bytes_is_rejected()
    {
        var atLimit = new ErrorMessage(StatusCodes.BadTcpInternalError, new string('r', 4096));
        Assert.True(ErrorMessage.TryDecode(Bytes.Encode(atLimit.Encode), out var decoded, out _));
        Assert.Equal(atLimit, decoded);

        var reason = Encoding.UTF8.GetBytes(new string('r', 4097));
        var frame = new byte[8 + 4 + 4 + reason.Length];
        new MessageHeader(MessageType.Error, ChunkType.Final, (uint)frame.Length).Write(frame);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(8), StatusCodes.BadTcpInternalError);
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(12), reason.Length);
        reason.CopyTo(frame, 16);

        Assert.False(ErrorMessage.TryDecode(frame, out _, out var error));
        Assert.NotEqual(0u, error);
        Assert.Throws<ArgumentException>(() => Bytes.Encode(new ErrorMessage(0, new string('r', 4097)).Encode));
    }

    [Fact]
    public void Random_bytes_behind_a_valid_header_never_throw()
    {
        var random = new Random(7);
        for (var i = 0; i < 5_000; i++)
        {
            var frame = new byte[random.Next(8, 80)];
            random.NextBytes(frame);
            var type = (i % 4) switch { 0 => "HELF", 1 => "ACKF", 2 => "ERRF", _ => "RHEF" };
            Encoding.ASCII.GetBytes(type).CopyTo(frame, 0);
            BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(4), (uint)frame.Length);
            if (random.Next(4) == 0)
            {
                BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(frame.Length - 8), random.Next(-3, 100));
            }

            _ = HelloMessage.TryDecode(frame, out _, out _);
            _ = AcknowledgeMessage.TryDecode(frame, out _, out _);
            _ = ErrorMessage.TryDecode(frame, out _, out _);
            _ = ReverseHelloMessage.TryDecode(frame, out _, out _);
        }
    }

    private static byte[] HandEncodedHello(string url)
    {
        var urlBytes = Encoding.UTF8.GetBytes(url);
        var frame = new byte[8 + 20 + 4 + urlBytes.Length];
        new MessageHeader(MessageType.Hello, ChunkType.Final, (uint)frame.Length).Write(frame);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(12), 65535);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(16), 65535);
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(28), urlBytes.Length);
        urlBytes.CopyTo(frame, 32);
        return frame;
    }

    private static byte[] HandEncodedReverseHello(string serverUri, string url)
    {
        var a = Encoding.UTF8.GetBytes(serverUri);
        var b = Encoding.UTF8.GetBytes(url);
        var frame = new byte[8 + 4 + a.Length + 4 + b.Length];
        new MessageHeader(MessageType.ReverseHello, ChunkType.Final, (uint)frame.Length).Write(frame);
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(8), a.Length);
        a.CopyTo(frame, 12);
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(12 + a.Length), b.Length);
        b.CopyTo(frame, 16 + a.Length);
        return frame;
    }
}
