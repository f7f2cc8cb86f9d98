using IIoT.OpcUa.Stack.SecureChannel;
using IIoT.OpcUa.Stack.Transport.Connection;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;
using IIoT.Testing;

namespace IIoT.OpcUa.Stack.Tests.SecureChannel;

public sealed class SecureChannelTests
{
    private static readonly TimeSpan Timeout = ChannelHarness.Timeout;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task Open_then_read_round_trips_then_close(bool tcp) => RunAsync(async () =>
    {
        await using var harness = await ChannelHarness.StartAsync(tcp);
        var client = harness.CreateClient();
        await client.OpenAsync();

        Assert.Equal(ChannelHarness.ChannelId, client.ChannelId);
        Assert.Equal(1u, client.SecurityToken!.TokenId);
        Assert.Equal(600_000u, client.SecurityToken.RevisedLifetime);
        for (uint handle = 1; handle <= 3; handle++)
        {
            var response = await client.CallAsync<ReadResponse>(EchoService.Read(handle, 2255, handle * 10));
            Assert.Equal(handle, response.ResponseHeader.RequestHandle);
            Assert.Equal([2255u, handle * 10], response.Results!.Select(r => (uint)r.Value.Value!));
        }

        await client.CloseAsync();

        // CLO ends the server's loop normally; the channel is unusable afterwards.
        await harness.ServerRun.WaitAsync(Timeout);
        await Assert.ThrowsAsync<UacpException>(() => client.SendRequestAsync(EchoService.Read(9, 1)));
    });

    [Fact]
    public Task Unknown_service_comes_back_as_a_ServiceFault() => RunAsync(async () =>
    {
        await using var harness = await ChannelHarness.StartAsync(tcp: false);
        var client = harness.CreateClient();
        await client.OpenAsync();

        var response = await client.SendRequestAsync(new CloseSessionRequest { RequestHeader = new RequestHeader { RequestHandle = 4 } });

        Assert.Equal(ServiceFault.BinaryEncodingId, response.EncodingId);
        Assert.Equal(StatusCodes.BadServiceUnsupported, response.Decode<ServiceFault>().ResponseHeader.ServiceResult.Code);
        var fault = await Assert.ThrowsAsync<UacpException>(() => client.CallAsync<CloseSessionResponse>(new CloseSessionRequest()));
        Assert.Equal(StatusCodes.BadServiceUnsupported, fault.StatusCode);
        await client.DisposeAsync();
    });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task Outstanding_requests_answered_out_of_order_are_matched_by_request_id(bool tcp) => RunAsync(async () =>
    {
        await using var harness = await ChannelHarness.StartAsync(tcp);
        var client = harness.CreateClient();
        await client.OpenAsync();
        var gates = Enumerable.Range(1, 5).Select(h => harness.Service.Gate((uint)h)).ToArray();

        var calls = Enumerable.Range(1, 5).Select(h => client.CallAsync<ReadResponse>(EchoService.Read((uint)h, (uint)(100 + h)))).ToArray();

        // Release the last request first; each answer must still reach the caller that asked for it.
        for (var i = gates.Length - 1; i >= 0; i--)
        {
            gates[i].SetResult();
            var response = await calls[i].WaitAsync(Timeout);
            Assert.Equal((uint)(i + 1), response.ResponseHeader.RequestHandle);
            Assert.Equal((uint)(101 + i), (uint)response.Results![0].Value.Value!);
            Assert.All(calls[..i], call => Assert.False(call.IsCompleted));
        }

        await client.DisposeAsync();
    });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task UA_R11_token_renewal_at_75_percent_drops_no_request(bool tcp) => RunAsync(async () =>
    {
        // 2 s tokens: renewal after 1.5 s, expiry (with the 25 % grace) at 2.5 s - slack for a loaded machine.
        var serverOptions = new ServerSecureChannelOptions { MinLifetime = TimeSpan.FromSeconds(2) };
        await using var harness = await ChannelHarness.StartAsync(tcp, serverOptions);
        var client = harness.CreateClient(new ClientSecureChannelOptions { RequestedLifetime = TimeSpan.FromMilliseconds(50) });
        await client.OpenAsync();
        Assert.Equal(2000u, client.SecurityToken!.RevisedLifetime);

        // Requests keep flowing (several in flight) while the token is renewed twice.
        uint handle = 0;
        while (client.RenewalCount < 2)
        {
            var batch = Enumerable.Range(0, 4).Select(_ => ++handle).Select(h => (h, client.CallAsync<ReadResponse>(EchoService.Read(h, h)))).ToArray();
            foreach (var (h, call) in batch)
            {
                Assert.Equal(h, (await call.WaitAsync(Timeout)).ResponseHeader.RequestHandle);
            }
        }

        Assert.True(client.SecurityToken.TokenId >= 3);
        Assert.True(harness.Server.TokensIssued >= 3);
        var last = await client.CallAsync<ReadResponse>(EchoService.Read(++handle, 1));
        Assert.Equal(handle, last.ResponseHeader.RequestHandle);
        Assert.Null(client.Failure);
        await client.CloseAsync();
        await harness.ServerRun.WaitAsync(Timeout);
    });

    [Fact]
    public Task Large_request_spans_several_chunks_each_with_its_own_sequence_number() => RunAsync(async () =>
    {
        await using var harness = await ChannelHarness.StartAsync(tcp: false);
        var client = harness.CreateClient();
        await client.OpenAsync();

        // 15000 nodes: ~270 KB of request (5 chunks of 64 KiB) and ~90 KB of response (2 chunks).
        var ids = Enumerable.Range(1, 15000).Select(i => (uint)i).ToArray();
        var response = await client.CallAsync<ReadResponse>(EchoService.Read(1, ids));

        Assert.Equal(ids, response.Results!.Select(r => (uint)r.Value.Value!));
        await client.DisposeAsync();
    });

    [Fact]
    public Task Channel_lost_fails_outstanding_requests() => RunAsync(async () =>
    {
        await using var harness = await ChannelHarness.StartAsync(tcp: false);
        var client = harness.CreateClient();
        await client.OpenAsync();
        harness.Service.Gate(1);
        var call = client.SendRequestAsync(EchoService.Read(1, 1));
        await Wait.UntilAsync(() => Task.FromResult(harness.Service.Received == 1), Timeout, "request in the handler");

        await harness.ClientTransport.CloseAsync();

        var error = await Assert.ThrowsAsync<UacpException>(() => call.WaitAsync(Timeout));
        Assert.Equal(StatusCodes.BadConnectionClosed, error.StatusCode);
        Assert.Equal(error, client.Failure);

        // The server waits for handlers still running before RunAsync ends.
        harness.Service.Gate(1).SetResult();
        await client.DisposeAsync();
    });

    private static Task RunAsync(Func<Task> test) => test().WaitAsync(Timeout);
}
