using IIoT.OpcUa.Stack.Services;
using IIoT.OpcUa.Client.Tests.Interop;
using IIoT.OpcUa.Types;
using IIoT.Testing;
using Xunit.Abstractions;

namespace IIoT.OpcUa.Client.Tests.OwnServer;

/// <summary>Connect and identities of our client against our own server.</summary>
public sealed class OwnSessionTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public Task Connects_anonymously_and_reads_server_state_namespaces_and_operation_limits() => RunAsync(new OwnServerSettings { MaxNodesPerRead = 77 }, async host =>
    {
        await using var session = await UaSession.ConnectAsync(Options(host), new TestLogger(output));

        Assert.Equal(SessionState.Connected, session.State);
        Assert.False(session.SessionId.IsNull);
        var state = await session.ReadAsync(new NodeId(VariableIds.Server_ServerStatus_State));
        Assert.True(state.Status.IsGood, state.Status.ToString());
        Assert.Equal(0, Convert.ToInt32(state.Value.Value, System.Globalization.CultureInfo.InvariantCulture)); // Running
        Assert.Equal(77u, session.OperationLimits.MaxNodesPerRead);
        Assert.Equal(OwnServerHost.NamespaceUri, session.NamespaceUris[2]);
        Assert.Equal(1, host.Server.SessionCount);
    });

    [Fact]
    public Task Connects_with_user_name_and_password() => RunAsync(null, async host =>
    {
        await using var session = await UaSession.ConnectAsync(Options(host, UserIdentity.FromUserName(OwnServerHost.UserName, OwnServerHost.Password)),
            new TestLogger(output));

        var value = await session.ReadAsync(OwnServerHost.ReadOnly);
        Assert.Equal(2.5, value.Value.Value);
    });

    [Fact]
    public Task Wrong_password_fails_with_BadUserAccessDenied_named_by_the_server() => RunAsync(null, async host =>
    {
        var error = await Assert.ThrowsAsync<ServiceResultException>(() =>
            UaSession.ConnectAsync(Options(host, UserIdentity.FromUserName(OwnServerHost.UserName, "not-the-password"))));

        output.WriteLine(error.Message);
        Assert.Equal(StatusCodes.BadUserAccessDenied, error.StatusCode);
        Assert.Contains("BadUserAccessDenied", error.Message);
        Assert.Contains("ActivateSessionRequest", error.Message); // refused by the server, not by our policy check
        Assert.DoesNotContain("not-the-password", error.Message);
        await Wait.UntilAsync(() => host.Server.SessionCount == 0, Timeout, "the half-made session to be closed");
    });

    [Fact]
    public Task Unknown_user_fails_with_BadUserAccessDenied() => RunAsync(null, async host =>
    {
        var error = await Assert.ThrowsAsync<ServiceResultException>(() =>
            UaSession.ConnectAsync(Options(host, UserIdentity.FromUserName("nobody", OwnServerHost.Password))));

        Assert.Equal(StatusCodes.BadUserAccessDenied, error.StatusCode);
    });

    [Fact]
    public Task Anonymous_is_refused_when_the_server_disables_it_but_a_user_still_gets_in() => RunAsync(new OwnServerSettings { AllowAnonymous = false }, async host =>
    {
        var error = await Assert.ThrowsAsync<ServiceResultException>(() => UaSession.ConnectAsync(Options(host)));

        output.WriteLine(error.Message);
        // The endpoint offers no Anonymous token policy, so the client refuses before sending a token the server would reject.
        Assert.Equal(StatusCodes.BadIdentityTokenRejected, error.StatusCode);
        Assert.Contains("Anonymous", error.Message);
        await using var session = await UaSession.ConnectAsync(Options(host, UserIdentity.FromUserName(OwnServerHost.UserName, OwnServerHost.Password)));
        Assert.Equal(SessionState.Connected, session.State);
    });

    [Fact]
    public Task Idle_session_is_kept_alive_within_the_session_timeout_the_server_revised_down() => RunAsync(
        new OwnServerSettings { MaxSessionTimeout = TimeSpan.FromMilliseconds(1500) }, async host =>
    {
        // We ask for 60 s and read every 5 s when idle; the server grants 1.5 s. Without a keep-alive inside the revised
        // timeout the server expires the idle session and the next call finds it gone.
        await using var session = await UaSession.ConnectAsync(new ClientOptions
        {
            EndpointUrl = host.EndpointUrl,
            SessionTimeout = TimeSpan.FromMinutes(1),
            KeepAliveInterval = TimeSpan.FromSeconds(5),
        }, new TestLogger(output));
        var states = new System.Collections.Concurrent.ConcurrentQueue<SessionState>();
        session.StateChanged += (_, e) => states.Enqueue(e.State);
        var sessionId = session.SessionId;
        var reads = host.Requests("ReadRequest");

        // Three idle keep-alive reads span more than the 1.5 s timeout; an expiry comes first if they are too far apart.
        await Wait.UntilAsync(() => host.ExpiredSessions > 0 || host.Requests("ReadRequest") >= reads + 3, Timeout, "three keep-alive reads or an expiry");

        Assert.Equal(0, host.ExpiredSessions);
        Assert.Equal(2.5, (await session.ReadAsync(OwnServerHost.ReadOnly)).Value.Value);
        Assert.Equal(sessionId, session.SessionId);
        Assert.Empty(states);
    });

    [Fact]
    public Task A_full_server_refuses_with_BadTooManySessions_and_a_freed_slot_can_be_used() => RunAsync(new OwnServerSettings { MaxSessions = 1 }, async host =>
    {
        var first = await UaSession.ConnectAsync(Options(host), new TestLogger(output));

        var error = await Assert.ThrowsAsync<ServiceResultException>(() => UaSession.ConnectAsync(Options(host)));

        Assert.Equal(StatusCodes.BadTooManySessions, error.StatusCode);
        Assert.Contains("CreateSessionRequest", error.Message);
        await first.DisposeAsync();
        await using var second = await UaSession.ConnectAsync(Options(host), new TestLogger(output));
        Assert.Equal(SessionState.Connected, second.State);
    });

    [Fact]
    public Task A_call_made_while_the_connection_is_down_completes_once_it_is_back() => RunAsync(null, async host =>
    {
        await using var proxy = new CuttableTcpProxy(host.Port);
        await using var session = await UaSession.ConnectAsync(new ClientOptions
        {
            EndpointUrl = $"opc.tcp://127.0.0.1:{proxy.Port}",
            Reconnect = new ReconnectPolicy { InitialDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromMilliseconds(300) },
            KeepAliveInterval = TimeSpan.FromMilliseconds(200),
            RequestTimeout = TimeSpan.FromSeconds(10),
        }, new TestLogger(output));
        var states = new System.Collections.Concurrent.ConcurrentQueue<SessionState>();
        session.StateChanged += (_, e) => states.Enqueue(e.State);
        proxy.RefuseNew = true;
        proxy.CutAll();
        await Wait.UntilAsync(() => states.Contains(SessionState.Reconnecting), Timeout, "Reconnecting");

        var write = session.WriteAsync(OwnServerHost.Writable, Variant.From(99.5)); // waits for the session to be back
        await Wait.UntilAsync(() => proxy.AcceptedConnections >= 4, Timeout, "a few refused reconnect attempts");
        Assert.False(write.IsCompleted);
        proxy.RefuseNew = false;

        Assert.True((await write).IsGood);
        Assert.Equal(99.5, host.Variable(OwnServerHost.Writable).Value.Value.Value);
        Assert.Equal(1, host.Requests("WriteRequest"));
    });

    [Fact]
    public Task Dispose_closes_the_session_on_the_server() => RunAsync(null, async host =>
    {
        var session = await UaSession.ConnectAsync(Options(host), new TestLogger(output));
        Assert.Equal(1, host.Server.SessionCount);

        await session.DisposeAsync();

        Assert.Equal(SessionState.Closed, session.State);
        await Wait.UntilAsync(() => host.Server.SessionCount == 0 && host.Server.ConnectionCount == 0, Timeout, "session and connection closed");
        Assert.Equal(0, host.ExpiredSessions);
    });

    internal static ClientOptions Options(OwnServerHost host, UserIdentity? identity = null) => new()
    {
        EndpointUrl = host.EndpointUrl,
        Identity = identity ?? UserIdentity.Anonymous,
        ConnectTimeout = TimeSpan.FromSeconds(10),
    };

    private static async Task RunAsync(OwnServerSettings? settings, Func<OwnServerHost, Task> test)
    {
        await using var host = await OwnServerHost.StartAsync(settings);
        await test(host).WaitAsync(Timeout);
    }
}
