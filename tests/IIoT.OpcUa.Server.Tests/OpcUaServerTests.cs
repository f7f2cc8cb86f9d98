using System.Diagnostics;
using System.Net.Sockets;
using IIoT.OpcUa.Server.Tests.Kit;
using IIoT.OpcUa.Stack.Transport;
using IIoT.OpcUa.Stack.Transport.Connection;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;
using IIoT.Testing;

namespace IIoT.OpcUa.Server.Tests;

public sealed class OpcUaServerTests
{
    [Fact]
    public Task Port_0_picks_a_free_port_and_the_endpoint_url_announces_the_configured_host_name() => Run(async () =>
    {
        await using var server = await TestServer.StartAsync();

        Assert.InRange(server.Port, 1, 65535);
        Assert.Equal($"opc.tcp://localhost:{server.Port}", server.EndpointUrl);
    });

    [Fact]
    public Task Many_connections_and_sessions_work_at_once_each_on_its_own_channel() => Run(async () =>
    {
        await using var server = await TestServer.StartAsync();

        var clients = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => UaTestClient.ConnectWithSessionAsync(server)));
        try
        {
            var reads = await Task.WhenAll(clients.Select(c => c.ReadAsync(TestServer.Counter)));

            Assert.All(reads, r => Assert.Equal(7, r.Value.Value));
            Assert.Equal(20, clients.Select(c => c.Channel.ChannelId).Distinct().Count());
            Assert.Equal(20, server.SessionCount);
            Assert.Equal(20, server.ConnectionCount);
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task Garbage_bytes_on_one_connection_do_not_disturb_another_session(bool afterHello) => Run(async () =>
    {
        await using var server = await TestServer.StartAsync();
        await using var good = await UaTestClient.ConnectWithSessionAsync(server);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", server.Port);
        if (afterHello)
        {
            var transport = StreamChunkTransport.FromSocket(socket);
            await UacpClientConnection.ConnectAsync(transport, server.EndpointUrl, new TransportLimits(), TestServer.Timeout);
        }

        var garbage = new byte[4096];
        new Random(3).NextBytes(garbage);
        "MSGF"u8.CopyTo(garbage);
        await socket.SendAsync(garbage);

        await Wait.UntilAsync(() => server.ConnectionCount == 1, TestServer.Timeout, "the server to drop the broken connection");
        Assert.Equal(7, (await good.ReadAsync(TestServer.Counter)).Value.Value);
        Assert.Equal(1, server.SessionCount);
    });

    [Fact]
    public Task Connections_over_MaxConnections_are_refused_with_BadTcpServerTooBusy() => Run(async () =>
    {
        await using var server = await TestServer.StartAsync(TestServer.Options(maxConnections: 1));
        await using var first = await UaTestClient.ConnectWithSessionAsync(server);

        var refused = await Assert.ThrowsAsync<UacpException>(() => UaTestClient.ConnectAsync(server));

        Assert.Equal(StatusCodes.BadTcpServerTooBusy, refused.StatusCode);
        Assert.Equal(7, (await first.ReadAsync(TestServer.Counter)).Value.Value);
    });

    [Fact]
    public Task DisposeAsync_closes_connections_and_returns_promptly_even_with_a_request_held() => Run(async () =>
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = await TestServer.StartAsync(configure: s =>
            s.Services.Register<PublishRequest>(PublishRequest.BinaryEncodingId, async (_, _, ct) =>
            {
                entered.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct);
                return new PublishResponse();
            }, requiresSession: true));
        await using var client = await UaTestClient.ConnectWithSessionAsync(server);
        var held = client.CallAsync<PublishResponse>(new PublishRequest());
        await entered.Task.WaitAsync(TestServer.Timeout);

        var stopwatch = Stopwatch.StartNew();
        await server.DisposeAsync();
        stopwatch.Stop();

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(3), $"dispose took {stopwatch.Elapsed}");
        await Assert.ThrowsAnyAsync<Exception>(() => held);
        Assert.Equal(0, server.ConnectionCount);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await Assert.ThrowsAnyAsync<SocketException>(() => socket.ConnectAsync("127.0.0.1", server.Port));
    });

    [Fact]
    public Task DisposeAsync_closes_the_remaining_sessions_with_deleteSubscriptions() => Run(async () =>
    {
        var closed = new System.Collections.Concurrent.ConcurrentBag<(NodeId, bool)>();
        var server = await TestServer.StartAsync(configure: s => s.SessionClosed += (session, delete) => closed.Add((session.SessionId, delete)));
        await using var client = await UaTestClient.ConnectWithSessionAsync(server);

        await server.DisposeAsync();

        Assert.Equal((client.SessionId, true), Assert.Single(closed));
    });

    [Fact]
    public Task A_cut_connection_ends_the_requests_held_for_it() => Run(async () =>
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync(configure: s =>
            s.Services.Register<PublishRequest>(PublishRequest.BinaryEncodingId, async (_, _, ct) =>
            {
                entered.TrySetResult();
                try
                {
                    await Task.Delay(Timeout.Infinite, ct);
                }
                catch (OperationCanceledException)
                {
                    cancelled.TrySetResult();
                    throw;
                }

                return new PublishResponse();
            }, requiresSession: true));
        var client = await UaTestClient.ConnectWithSessionAsync(server);
        var held = client.CallAsync<PublishResponse>(new PublishRequest());
        await entered.Task.WaitAsync(TestServer.Timeout);

        await client.Transport.CloseAsync();

        await cancelled.Task.WaitAsync(TestServer.Timeout);
        await Wait.UntilAsync(() => server.ConnectionCount == 0, TestServer.Timeout, "the connection to end");
        await Assert.ThrowsAnyAsync<Exception>(() => held);
        await client.DisposeAsync();
        Assert.Equal(1, server.SessionCount); // the session waits for a reconnect until its timeout
    });

    private static Task Run(Func<Task> test) => test().WaitAsync(TimeSpan.FromSeconds(30));
}
