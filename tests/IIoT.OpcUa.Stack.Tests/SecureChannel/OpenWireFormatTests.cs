using System.Buffers.Binary;
using IIoT.OpcUa.Stack.SecureChannel;
using IIoT.OpcUa.Stack.Tests.Transport.Connection;
using IIoT.OpcUa.Stack.Transport;
using IIoT.OpcUa.Stack.Transport.Connection;

namespace IIoT.OpcUa.Stack.Tests.SecureChannel;

/// <summary>The first OPN on the wire has the layout of the captured 132-byte frame in PROTOCOL-NOTES §3.</summary>
public sealed class OpenWireFormatTests
{
    [Fact]
    public async Task First_OPN_matches_the_captured_SecurityPolicy_None_layout()
    {
        var (client, server) = InMemoryChunkTransport.CreatePair();
        var (clientConnection, _) = await Handshake.RunAsync(client, server);
        await using var channel = new ClientSecureChannel(client, clientConnection.Limits, new ClientSecureChannelOptions { OpenTimeout = TimeSpan.FromSeconds(30) });
        var open = channel.OpenAsync();

        using var frame = await server.ReceiveAsync(CancellationToken.None).AsTask().WaitAsync(ChannelHarness.Timeout);
        var bytes = frame.Span;

        Assert.Equal(132, bytes.Length);
        Assert.Equal("OPNF"u8.ToArray(), bytes[..4].ToArray());
        Assert.Equal(132u, BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]));
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]));
        Assert.Equal(47, BinaryPrimitives.ReadInt32LittleEndian(bytes[12..]));
        Assert.Equal(SecurityPolicies.None, System.Text.Encoding.UTF8.GetString(bytes.Slice(16, 47)));
        Assert.Equal(-1, BinaryPrimitives.ReadInt32LittleEndian(bytes[63..]));
        Assert.Equal(-1, BinaryPrimitives.ReadInt32LittleEndian(bytes[67..]));
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(bytes[71..])); // SequenceNumber
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(bytes[75..])); // RequestId
        Assert.Equal(new byte[] { 0x01, 0x00, 0xBE, 0x01 }, bytes.Slice(79, 4).ToArray()); // i=446

        // After the 29-byte RequestHeader: version 0, Issue, mode None, empty nonce, lifetime 600000 ms.
        var tail = bytes[(83 + 29)..];
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(tail));
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(tail[4..]));
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(tail[8..]));
        Assert.Equal(0, BinaryPrimitives.ReadInt32LittleEndian(tail[12..]));
        Assert.Equal(600_000u, BinaryPrimitives.ReadUInt32LittleEndian(tail[16..]));

        await server.CloseAsync();
        await Assert.ThrowsAsync<UacpException>(() => open.WaitAsync(ChannelHarness.Timeout));
    }
}
