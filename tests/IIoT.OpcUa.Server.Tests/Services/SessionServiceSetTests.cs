using IIoT.OpcUa.Server.Tests.Kit;
using IIoT.OpcUa.Stack.Transport.Connection;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;
using IIoT.Testing;

namespace IIoT.OpcUa.Server.Tests.Services;

public sealed class SessionServiceSetTests
{
    [Fact]
    public Task CreateSession_revises_the_timeout_and_returns_ids_nonce_and_the_endpoint_without_certificate() => Run(async () =>
    {
        await using var server = await TestServer.StartAsync(TestServer.Options(minSessionTimeout: TimeSpan.FromSeconds(5), maxSessionTimeout: TimeSpan.FromSeconds(30)));
        await using var client = await UaTestClient.ConnectAsync(server);

        var tooLong = await client.CreateSessionAsync(timeoutMs: 3_600_000);
        var tooShort = await client.CreateSessionAsync(timeoutMs: 1);

        Assert.Equal(30_000, tooLong.RevisedSessionTimeout);
        Assert.Equal(5_000, tooShort.RevisedSessionTimeout);
        Assert.False(tooLong.SessionId.IsNull);
        Assert.NotEqual(tooLong.SessionId, tooShort.SessionId);
        Assert.NotEqual(tooLong.AuthenticationToken, tooShort.AuthenticationToken);
        Assert.Equal(32, tooLong.ServerNonce!.Length);
        Assert.Null(tooLong.ServerCertificate);
        var endpoint = Assert.Single(tooLong.ServerEndpoints!);
        Assert.Equal(server.EndpointUrl, endpoint.EndpointUrl);
        Assert.Equal(2, server.SessionCount);
    });

    [Fact]
    public Task Anonymous_session_can_read_after_activation_and_not_before() => Run(async () =>
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await UaTestClient.ConnectAsync(server);
        await client.CreateSessionAsync();

        var before = await client.ServiceResultAsync(new ReadRequest { NodesToRead = [new ReadValueId { NodeId = TestServer.Counter, AttributeId = AttributeIds.Value }] });
        var activation = await client.ActivateAsync(UaTestClient.Anonymous());
        var value = await client.ReadAsync(TestServer.Counter);

        Assert.Equal(StatusCodes.BadSessionNotActivated, before);
        Assert.Equal(32, activation.ServerNonce!.Length);
        Assert.Equal(7, value.Value.Value);
    });

    [Fact]
    public Task Null_identity_token_counts_as_anonymous() => Run(async () =>
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await UaTestClient.ConnectAsync(server);
        await client.CreateSessionAsync();

        await client.ActivateAsync(ExtensionObject.Null);

        Assert.Equal(7, (await client.ReadAsync(TestServer.Counter)).Value.Value);
    });

    [Fact]
    public Task UserName_login_accepts_the_right_password_and_refuses_a_wrong_one_with_BadUserAccessDenied() => Run(async () =>
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await UaTestClient.ConnectAsync(server);
        await client.CreateSessionAsync();

        var wrong = await client.ServiceResultAsync(new ActivateSessionRequest { UserIdentityToken = UaTestClient.User("operator", "wrong") });
        var unknown = await client.ServiceResultAsync(new ActivateSessionRequest { UserIdentityToken = UaTestClient.User("nobody", "secret-1") });
        var right = await client.ServiceResultAsync(new ActivateSessionRequest { UserIdentityToken = UaTestClient.User("operator", "secret-1") });

        Assert.Equal(StatusCodes.BadUserAccessDenied, wrong);
        Assert.Equal(StatusCodes.BadUserAccessDenied, unknown);
        Assert.Equal(StatusCodes.Good, right);
    });

    [Fact]
    public Task UA_S06_anonymous_login_is_refused_with_BadIdentityTokenRejected_when_disallowed() => Run(async () =>
    {
        await using var server = await TestServer.StartAsync(TestServer.Options(allowAnonymous: false));
        await using var client = await UaTestClient.ConnectAsync(server);
        await client.CreateSessionAsync();

        var anonymous = await client.ServiceResultAsync(new ActivateSessionRequest { UserIdentityToken = UaTestClient.Anonymous() });
        var none = await client.ServiceResultAsync(new ActivateSessionRequest { UserIdentityToken = ExtensionObject.Null });

        Assert.Equal(StatusCodes.BadIdentityTokenRejected, anonymous);
        Assert.Equal(StatusCodes.BadIdentityTokenRejected, none);
    });

    [Fact]
    public Task UA_R03_unknown_or_expired_authentication_token_gets_BadSessionIdInvalid() => Run(async () =>
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await UaTestClient.ConnectAsync(server);
        client.AuthenticationToken = new NodeId(new byte[32], 1);

        var read = await client.ServiceResultAsync(new ReadRequest { NodesToRead = [new ReadValueId { NodeId = TestServer.Counter, AttributeId = AttributeIds.Value }] });
        var activate = await client.ServiceResultAsync(new ActivateSessionRequest { UserIdentityToken = UaTestClient.Anonymous() });

        Assert.Equal(StatusCodes.BadSessionIdInvalid, read);
        Assert.Equal(StatusCodes.BadSessionIdInvalid, activate);
    });

    [Fact]
    public Task MaxSessions_reached_gives_BadTooManySessions() => Run(async () =>
    {
        await using var server = await TestServer.StartAsync(TestServer.Options(maxSessions: 2));
        await using var client = await UaTestClient.ConnectAsync(server);
        await client.CreateSessionAsync();
        await client.CreateSessionAsync();

        var third = await client.ServiceResultAsync(new CreateSessionRequest { RequestedSessionTimeout = 60_000 });

        Assert.Equal(StatusCodes.BadTooManySessions, third);
    });

    [Fact]
    public Task Session_is_bound_to_its_channel_and_moves_to_a_new_channel_on_reactivation() => Run(async () =>
    {
        await using var server = await TestServer.StartAsync();
        await using var first = await UaTestClient.ConnectWithSessionAsync(server);
        await using var second = await UaTestClient.ConnectAsync(server);
        second.AuthenticationToken = first.AuthenticationToken;
        var read = new Func<ReadRequest>(() => new ReadRequest { NodesToRead = [new ReadValueId { NodeId = TestServer.Counter, AttributeId = AttributeIds.Value }] });

        var fromOtherChannel = await second.ServiceResultAsync(read());
        await second.ActivateAsync(UaTestClient.Anonymous());
        var fromNewChannel = await second.ServiceResultAsync(read());
        var fromOldChannel = await first.ServiceResultAsync(read());

        Assert.Equal(StatusCodes.BadSecureChannelIdInvalid, fromOtherChannel);
        Assert.Equal(StatusCodes.Good, fromNewChannel);
        Assert.Equal(StatusCodes.BadSecureChannelIdInvalid, fromOldChannel);
    });

    [Fact]
    public Task Session_survives_a_cut_connection_and_is_resumed_by_activation_on_a_new_channel() => Run(async () =>
    {
        await using var server = await TestServer.StartAsync();
        var first = await UaTestClient.ConnectWithSessionAsync(server);
        var token = first.AuthenticationToken;
        await first.Transport.CloseAsync(); // cut, no CloseSession
        await first.DisposeAsync();
        await using var second = await UaTestClient.ConnectAsync(server);
        second.AuthenticationToken = token;

        await second.ActivateAsync(UaTestClient.Anonymous());

        Assert.Equal(7, (await second.ReadAsync(TestServer.Counter)).Value.Value);
        Assert.Equal(1, server.SessionCount);
    });

    [Fact]
    public Task First_activation_on_another_channel_than_CreateSession_is_refused() => Run(async () =>
    {
        await using var server = await TestServer.StartAsync();
        await using var creator = await UaTestClient.ConnectAsync(server);
        await creator.CreateSessionAsync();
        await using var other = await UaTestClient.ConnectAsync(server);
        other.AuthenticationToken = creator.AuthenticationToken;

        var status = await other.ServiceResultAsync(new ActivateSessionRequest { UserIdentityToken = UaTestClient.Anonymous() });

        Assert.Equal(StatusCodes.BadSecureChannelIdInvalid, status);
    });

    [Fact]
    public Task CloseSession_raises_SessionClosed_with_the_clients_flag_and_invalidates_the_token() => Run(async () =>
    {
        var closed = new TaskCompletionSource<(NodeId, bool)>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync(configure: s => s.SessionClosed += (session, delete) => closed.TrySetResult((session.SessionId, delete)));
        await using var client = await UaTestClient.ConnectWithSessionAsync(server);

        await client.CallAsync<CloseSessionResponse>(new CloseSessionRequest { DeleteSubscriptions = true });
        var (sessionId, deleteSubscriptions) = await closed.Task.WaitAsync(TestServer.Timeout);
        var after = await client.ServiceResultAsync(new ReadRequest { NodesToRead = [new ReadValueId { NodeId = TestServer.Counter, AttributeId = AttributeIds.Value }] });

        Assert.Equal(client.SessionId, sessionId);
        Assert.True(deleteSubscriptions);
        Assert.Equal(StatusCodes.BadSessionIdInvalid, after);
        Assert.Equal(0, server.SessionCount);
    });

    [Fact]
    public Task Request_held_when_its_session_closes_is_answered_with_BadSessionClosed() => Run(async () =>
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await TestServer.StartAsync(configure: s =>
            s.Services.Register<PublishRequest>(PublishRequest.BinaryEncodingId, async (context, request, ct) =>
            {
                entered.TrySetResult();
                await Task.Delay(System.Threading.Timeout.Infinite, ct);
                return new PublishResponse();
            }, requiresSession: true));
        await using var client = await UaTestClient.ConnectWithSessionAsync(server);
        var held = client.ServiceResultAsync(new PublishRequest());
        await entered.Task.WaitAsync(TestServer.Timeout);

        await client.CallAsync<CloseSessionResponse>(new CloseSessionRequest { DeleteSubscriptions = true });

        Assert.Equal(StatusCodes.BadSessionClosed, await held);
    });

    [Fact]
    public Task UA_R03_idle_session_expires_after_its_timeout_keeping_its_subscriptions_and_cannot_be_reactivated() => Run(async () =>
    {
        var closed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        // 1 s: long enough that a loaded machine does not expire the session between CreateSession and ActivateSession.
        var options = TestServer.Options(minSessionTimeout: TimeSpan.FromMilliseconds(1000), sessionSweep: TimeSpan.FromMilliseconds(50));
        await using var server = await TestServer.StartAsync(options, s => s.SessionClosed += (_, delete) => closed.TrySetResult(delete));
        await using var client = await UaTestClient.ConnectAsync(server);
        await client.CreateSessionAsync(timeoutMs: 1000);
        await client.ActivateAsync(UaTestClient.Anonymous());

        var deleteSubscriptions = await closed.Task.WaitAsync(TestServer.Timeout);
        var after = await client.ServiceResultAsync(new ReadRequest { NodesToRead = [new ReadValueId { NodeId = TestServer.Counter, AttributeId = AttributeIds.Value }] });

        await using var reconnected = await UaTestClient.ConnectAsync(server);
        reconnected.AuthenticationToken = client.AuthenticationToken;
        var reactivation = await reconnected.ServiceResultAsync(new ActivateSessionRequest { UserIdentityToken = UaTestClient.Anonymous() });

        Assert.False(deleteSubscriptions);
        Assert.Equal(StatusCodes.BadSessionIdInvalid, after);
        Assert.Equal(StatusCodes.BadSessionIdInvalid, reactivation);
    });

    [Fact]
    public Task UA_S06_repeated_wrong_passwords_lock_the_user_out_even_with_the_right_password() => Run(async () =>
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await UaTestClient.ConnectAsync(server);
        await client.CreateSessionAsync();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(StatusCodes.BadUserAccessDenied,
                await client.ServiceResultAsync(new ActivateSessionRequest { UserIdentityToken = UaTestClient.User("operator", $"guess-{i}") }));
        }

        var right = await client.ServiceResultAsync(new ActivateSessionRequest { UserIdentityToken = UaTestClient.User("operator", "secret-1") });
        var anonymous = await client.ServiceResultAsync(new ActivateSessionRequest { UserIdentityToken = UaTestClient.Anonymous() });

        Assert.Equal(StatusCodes.BadUserAccessDenied, right);
        Assert.Equal(StatusCodes.Good, anonymous);
    });

    [Fact]
    public Task Session_with_an_outstanding_request_does_not_expire_while_an_idle_one_does() => Run(async () =>
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var closed = new System.Collections.Concurrent.ConcurrentBag<NodeId>();
        var options = TestServer.Options(minSessionTimeout: TimeSpan.FromMilliseconds(1000), sessionSweep: TimeSpan.FromMilliseconds(20));
        await using var server = await TestServer.StartAsync(options, s =>
        {
            s.SessionClosed += (session, _) => closed.Add(session.SessionId);
            // Stands in for a Publish held by the subscription engine.
            s.Services.Register<PublishRequest>(PublishRequest.BinaryEncodingId, async (context, request, ct) =>
            {
                entered.TrySetResult();
                await release.Task.WaitAsync(ct);
                return new PublishResponse();
            }, requiresSession: true);
        });
        await using var busy = await UaTestClient.ConnectAsync(server);
        await busy.CreateSessionAsync(timeoutMs: 1000);
        await busy.ActivateAsync(UaTestClient.Anonymous());
        var held = busy.CallAsync<PublishResponse>(new PublishRequest());
        await entered.Task.WaitAsync(TestServer.Timeout);
        await using var idle = await UaTestClient.ConnectAsync(server);
        await idle.CreateSessionAsync(timeoutMs: 1000);
        await idle.ActivateAsync(UaTestClient.Anonymous());

        await Wait.UntilAsync(() => closed.Contains(idle.SessionId), TestServer.Timeout, "the idle session to expire");
        var busyClosed = closed.Contains(busy.SessionId);
        release.SetResult();
        await held;
        var afterwards = await busy.ReadAsync(TestServer.Counter);

        Assert.False(busyClosed);
        Assert.Equal(7, afterwards.Value.Value);
    });

    private static Task Run(Func<Task> test) => test().WaitAsync(TimeSpan.FromSeconds(30));
}
