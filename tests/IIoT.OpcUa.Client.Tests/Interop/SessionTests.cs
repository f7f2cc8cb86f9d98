using IIoT.OpcUa.Stack.Services;
using IIoT.OpcUa.Types;
using IIoT.Testing;
using Xunit.Abstractions;

namespace IIoT.OpcUa.Client.Tests.Interop;

/// <summary>Connect, identities and errors of <see cref="UaSession"/> against a real node-opcua server.</summary>
[Collection(NodeOpcuaCollection.Name)]
public sealed class SessionTests(ClientTestServerFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private NodeOpcuaServer Server => fixture.Server;

    [Fact]
    public async Task Connects_anonymously_reads_server_state_and_operation_limits()
    {
        await using var session = await UaSession.ConnectAsync(Options(), new TestLogger(output)).WaitAsync(Timeout);

        Assert.Equal(SessionState.Connected, session.State);
        Assert.False(session.SessionId.IsNull);
        var state = await session.ReadAsync(new NodeId(VariableIds.Server_ServerStatus_State)).WaitAsync(Timeout);
        Assert.True(state.Status.IsGood, state.Status.ToString());
        Assert.Equal(0, Convert.ToInt32(state.Value.Value, System.Globalization.CultureInfo.InvariantCulture)); // ServerState.Running
        Assert.Equal((uint)ClientTestServerFixture.MaxNodesPerRead, session.OperationLimits.MaxNodesPerRead);
        Assert.Contains(NodeOpcuaServer.NamespaceUri, session.NamespaceUris);
    }

    [Fact]
    public async Task Connects_with_user_name_and_password()
    {
        await using var session = await UaSession.ConnectAsync(
            Options(UserIdentity.FromUserName(ClientTestServerFixture.UserName, ClientTestServerFixture.Password)), new TestLogger(output)).WaitAsync(Timeout);

        var state = await session.ReadAsync(new NodeId(VariableIds.Server_ServerStatus_State)).WaitAsync(Timeout);
        Assert.True(state.Status.IsGood, state.Status.ToString());
    }

    [Fact]
    public async Task Wrong_password_fails_with_a_named_status()
    {
        var error = await Assert.ThrowsAsync<ServiceResultException>(() =>
            UaSession.ConnectAsync(Options(UserIdentity.FromUserName(ClientTestServerFixture.UserName, "wrong"))).WaitAsync(Timeout));

        output.WriteLine(error.Message);
        Assert.True(error.StatusCode is StatusCodes.BadUserAccessDenied or StatusCodes.BadIdentityTokenRejected or StatusCodes.BadIdentityTokenInvalid,
            error.Message);
        Assert.Contains(error.StatusName, error.Message);
        Assert.DoesNotContain("wrong", error.Message);
        Assert.Contains("ActivateSessionRequest", error.Message); // refused by the server, not by our policy check
    }

    [Fact]
    public async Task Unreachable_server_fails_with_a_named_status()
    {
        var port = FreePort.Next();
        var error = await Assert.ThrowsAsync<ServiceResultException>(() =>
            UaSession.ConnectAsync(new ClientOptions { EndpointUrl = $"opc.tcp://127.0.0.1:{port}" }).WaitAsync(Timeout));

        Assert.True(error.StatusCode is StatusCodes.BadConnectionClosed or StatusCodes.BadCommunicationError or StatusCodes.BadNotConnected, error.Message);
    }

    [Fact]
    public async Task Dials_the_configured_address_when_the_server_announces_another_host_name()
    {
        // "localhost" is dialled; node-opcua announces 127.0.0.1. The session must work on the address we were given.
        await using var other = await UaSession.ConnectAsync(new ClientOptions { EndpointUrl = $"opc.tcp://localhost:{Server.Port}" }, new TestLogger(output))
            .WaitAsync(Timeout);
        var state = await other.ReadAsync(new NodeId(VariableIds.Server_ServerStatus_State)).WaitAsync(Timeout);
        Assert.True(state.Status.IsGood);
    }

    private ClientOptions Options(UserIdentity? identity = null) => new()
    {
        EndpointUrl = Server.EndpointUrl,
        Identity = identity ?? UserIdentity.Anonymous,
    };
}
