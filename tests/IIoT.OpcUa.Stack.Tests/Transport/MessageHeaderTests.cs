using IIoT.OpcUa.Stack.Transport;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Stack.Tests.Transport;

public sealed class MessageHeaderTests
{
    [Theory]
    [InlineData("48454C46", MessageType.Hello, ChunkType.Final, 32u)]
    [InlineData("41434B46", MessageType.Acknowledge, ChunkType.Final, 28u)]
    [InlineData("45525246", MessageType.Error, ChunkType.Final, 16u)]
    [InlineData("52484546", MessageType.ReverseHello, ChunkType.Final, 16u)]
    [InlineData("4D534746", MessageType.Message, ChunkType.Final, 12u)]
    [InlineData("4D534743", MessageType.Message, ChunkType.Intermediate, 100u)]
    [InlineData("4D534741", MessageType.Message, ChunkType.Abort, 12u)]
    [InlineData("4F504E46", MessageType.OpenSecureChannel, ChunkType.Final, 8192u)]
    [InlineData("434C4F46", MessageType.CloseSecureChannel, ChunkType.Final, 24u)]
    public void Parses_every_valid_type_and_chunk_type(string typeHex, MessageType type, ChunkType chunk, uint size)
    {
        var bytes = new byte[8];
        Bytes.Hex(typeHex).CopyTo(bytes, 0);
        BitConverter.GetBytes(size).CopyTo(bytes, 4);

        Assert.True(MessageHeader.TryParse(bytes, 8192, out var header, out var error));
        Assert.Equal(0u, error);
        Assert.Equal(new MessageHeader(type, chunk, size), header);

        var written = new byte[8];
        header.Write(written);
        Assert.Equal(bytes, written);
    }

    [Theory]
    [InlineData("58595A46")] // XYZ
    [InlineData("68656C46")] // hel: case matters
    [InlineData("48454C43")] // HEL C
    [InlineData("41434B41")] // ACK A
    [InlineData("4F504E43")] // OPN C: OPN is one chunk
    [InlineData("434C4F41")] // CLO A
    [InlineData("4D534758")] // MSG X
    [InlineData("00000000")]
    public void Refuses_unknown_type_or_chunk_type(string typeHex)
    {
        var bytes = new byte[8];
        Bytes.Hex(typeHex).CopyTo(bytes, 0);
        BitConverter.GetBytes(64u).CopyTo(bytes, 4);

        Assert.False(MessageHeader.TryParse(bytes, 8192, out _, out var error));
        Assert.Equal(StatusCodes.BadTcpMessageTypeInvalid, error);
    }

    [Fact]
    public void Short_input_fails_without_throwing()
    {
        for (var length = 0; length < 8; length++)
        {
            Assert.False(MessageHeader.TryParse(new byte[length], 8192, out _, out var error));
            Assert.Equal(StatusCodes.BadDecodingError, error);
        }
    }

    [Theory]
    [InlineData("4D534746", 0u, 0x807E0000u)]          // size 0
    [InlineData("4D534746", 7u, 0x807E0000u)]          // smaller than the 8-byte header
    [InlineData("4D534746", 11u, 0x807E0000u)]         // no room for the SecureChannelId
    [InlineData("48454C46", 31u, 0x807E0000u)]         // HEL without room for its fields
    [InlineData("4D534746", 8193u, 0x80800000u)]       // one byte over the receive buffer
    [InlineData("4D534743", uint.MaxValue, 0x80800000u)]
    [InlineData("41434B46", 29u, 0x80800000u)]         // ACK is exactly 28 bytes
    [InlineData("48454C46", 8u + 24 + 4097, 0x80800000u)] // HEL with room for an over-long URL
    public void UA_D11_size_zero_too_small_or_over_the_buffer_is_refused_from_the_header(string typeHex, uint size, uint expected)
    {
        var bytes = new byte[8];
        Bytes.Hex(typeHex).CopyTo(bytes, 0);
        BitConverter.GetBytes(size).CopyTo(bytes, 4);

        // Only the 8 header bytes exist: the verdict comes before any body could be read.
        Assert.False(MessageHeader.TryParse(bytes, 8192, out _, out var error));
        Assert.Equal(expected, error);
        Assert.Equal(StatusCodes.BadTcpMessageTooLarge, 0x80800000u);
        Assert.Equal(StatusCodes.BadTcpMessageTypeInvalid, 0x807E0000u);
    }

    [Fact]
    public void UA_D11_size_equal_to_the_buffer_is_accepted()
    {
        var bytes = Bytes.Hex("4D534746 00200000"); // MSG F, 8192
        Assert.True(MessageHeader.TryParse(bytes, 8192, out var header, out _));
        Assert.Equal(8192u, header.MessageSize);
    }

    [Fact]
    public void Never_throws_on_any_type_byte_combination()
    {
        var bytes = new byte[8];
        var random = new Random(42);
        for (var i = 0; i < 20_000; i++)
        {
            random.NextBytes(bytes);
            if (MessageHeader.TryParse(bytes, 65535, out var header, out var error))
            {
                Assert.Equal(0u, error);
                Assert.InRange(header.MessageSize, 12u, 65535u);
            }
            else
            {
                Assert.NotEqual(0u, error);
            }
        }
    }
}
