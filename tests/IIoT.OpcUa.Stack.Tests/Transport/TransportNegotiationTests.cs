using IIoT.OpcUa.Stack.Transport;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Stack.Tests.Transport;

public sealed class TransportNegotiationTests
{
    [Fact]
    public void Defaults_are_65535_byte_chunks_4_MiB_and_a_derived_chunk_count()
    {
        var limits = new TransportLimits();
        limits.Validate();
        Assert.Equal(65535u, limits.ReceiveBufferSize);
        Assert.Equal(4u * 1024 * 1024, limits.MaxMessageSize);
        Assert.Equal(66u, limits.ChunkCountFor(65535)); // ceil(4194304 / 65535) = 65, + 1
        Assert.Equal(513u, limits.ChunkCountFor(8192));  // exact multiple: 512 + 1
        Assert.Equal(7u, (limits with { MaxChunkCount = 7 }).ChunkCountFor(8192));
    }

    [Fact]
    public void Validate_refuses_an_unlimited_message_size_or_small_buffers()
    {
        Assert.Throws<ArgumentException>(() => new TransportLimits { MaxMessageSize = 0 }.Validate());
        Assert.Throws<ArgumentException>(() => new TransportLimits { ReceiveBufferSize = 8191 }.Validate());
    }

    [Fact]
    public void Server_revises_each_buffer_to_the_smaller_side_and_answers_with_its_limits()
    {
        var server = new TransportLimits { ReceiveBufferSize = 65535, SendBufferSize = 16384, MaxMessageSize = 1 << 20 };
        var hello = new HelloMessage(0, ReceiveBufferSize: 32768, SendBufferSize: 8192, MaxMessageSize: 0, MaxChunkCount: 0, "opc.tcp://h:4840");

        Assert.True(TransportNegotiation.TryAcceptHello(server, hello, out var ack, out var limits, out _));
        Assert.Equal(8192u, ack.ReceiveBufferSize);  // the client sends at most 8192
        Assert.Equal(16384u, ack.SendBufferSize);    // ours is smaller than the client's 32768
        Assert.Equal(1u << 20, ack.MaxMessageSize);
        Assert.Equal(129u, ack.MaxChunkCount);       // ceil(1 MiB / 8192) + 1
        Assert.Equal(new ChannelLimits(8192, 16384, 1 << 20, 129, 0, 0), limits);
    }

    [Fact]
    public void Server_refuses_a_hello_with_small_buffers()
    {
        var hello = new HelloMessage(0, 4096, 65535, 0, 0, null);
        Assert.False(TransportNegotiation.TryAcceptHello(new TransportLimits(), hello, out _, out _, out var error));
        Assert.Equal(StatusCodes.BadConnectionRejected, error);
    }

    [Fact]
    public void Client_takes_the_ack_and_never_grows_past_what_it_offered()
    {
        var client = new TransportLimits { ReceiveBufferSize = 16384, SendBufferSize = 16384 };
        var ack = new AcknowledgeMessage(0, ReceiveBufferSize: 65535, SendBufferSize: 65535, MaxMessageSize: 100_000, MaxChunkCount: 10);

        Assert.True(TransportNegotiation.TryAcceptAcknowledge(client, ack, out var limits, out _));
        Assert.Equal(16384u, limits.ReceiveBufferSize);
        Assert.Equal(16384u, limits.SendBufferSize);
        Assert.Equal(4u * 1024 * 1024, limits.MaxReceiveMessageSize);
        Assert.Equal(257u, limits.MaxReceiveChunkCount);
        Assert.Equal(100_000u, limits.MaxSendMessageSize);
        Assert.Equal(10u, limits.MaxSendChunkCount);
    }

    [Fact]
    public void Client_refuses_a_newer_protocol_version_or_small_buffers()
    {
        var ours = new TransportLimits();
        Assert.False(TransportNegotiation.TryAcceptAcknowledge(ours, new AcknowledgeMessage(1, 65535, 65535, 0, 0), out _, out var error));
        Assert.Equal(StatusCodes.BadProtocolVersionUnsupported, error);
        Assert.False(TransportNegotiation.TryAcceptAcknowledge(ours, new AcknowledgeMessage(0, 8191, 65535, 0, 0), out _, out error));
        Assert.Equal(StatusCodes.BadConnectionRejected, error);
    }

    [Fact]
    public void Hello_from_limits_round_trips_and_negotiates_end_to_end()
    {
        var client = new TransportLimits { ReceiveBufferSize = 20000 };
        var server = new TransportLimits { SendBufferSize = 12000 };
        var helloBytes = Bytes.Encode(client.CreateHello("opc.tcp://server:4840").Encode);
        Assert.True(HelloMessage.TryDecode(helloBytes, out var hello, out _));
        Assert.True(TransportNegotiation.TryAcceptHello(server, hello, out var ack, out var serverLimits, out _));
        Assert.True(AcknowledgeMessage.TryDecode(Bytes.Encode(ack.Encode), out var ackDecoded, out _));
        Assert.True(TransportNegotiation.TryAcceptAcknowledge(client, ackDecoded, out var clientLimits, out _));

        // What one side sends in a chunk fits what the other receives, both ways.
        Assert.Equal(12000u, serverLimits.SendBufferSize);
        Assert.Equal(12000u, clientLimits.ReceiveBufferSize);
        Assert.Equal(serverLimits.ReceiveBufferSize, clientLimits.SendBufferSize);
        Assert.Equal(serverLimits.MaxReceiveMessageSize, clientLimits.MaxSendMessageSize);
        Assert.Equal(clientLimits.MaxReceiveMessageSize, serverLimits.MaxSendMessageSize);
        Assert.Equal(clientLimits.MaxReceiveChunkCount, serverLimits.MaxSendChunkCount);
    }
}
