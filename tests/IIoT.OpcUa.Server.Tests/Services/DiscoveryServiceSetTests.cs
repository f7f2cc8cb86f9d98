using IIoT.OpcUa.Server.Tests.Kit;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Server.Tests.Services;

public sealed class DiscoveryServiceSetTests
{
    [Fact]
    public Task GetEndpoints_without_session_offers_one_None_endpoint_with_anonymous_and_user_name_policies() => Run(async () =>
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await UaTestClient.ConnectAsync(server);

        var response = await client.CallAsync<GetEndpointsResponse>(new GetEndpointsRequest { EndpointUrl = server.EndpointUrl });

        var endpoint = Assert.Single(response.Endpoints!);
        Assert.Equal($"opc.tcp://localhost:{server.Port}", endpoint.EndpointUrl);
        Assert.Equal(server.EndpointUrl, endpoint.EndpointUrl);
        Assert.Equal(MessageSecurityMode.None, endpoint.SecurityMode);
        Assert.Equal("http://opcfoundation.org/UA/SecurityPolicy#None", endpoint.SecurityPolicyUri);
        Assert.Equal("http://opcfoundation.org/UA-Profile/Transport/uatcp-uasc-uabinary", endpoint.TransportProfileUri);
        Assert.Equal("urn:iiot:test:server", endpoint.Server.ApplicationUri);
        Assert.Equal(ApplicationType.Server, endpoint.Server.ApplicationType);
        Assert.Equal([UserTokenType.Anonymous, UserTokenType.UserName], endpoint.UserIdentityTokens!.Select(p => p.TokenType));
        Assert.Equal(2, endpoint.UserIdentityTokens!.Select(p => p.PolicyId).Distinct().Count());
    });

    [Fact]
    public Task GetEndpoints_filters_by_transport_profile() => Run(async () =>
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await UaTestClient.ConnectAsync(server);

        var https = await client.CallAsync<GetEndpointsResponse>(new GetEndpointsRequest { ProfileUris = ["http://opcfoundation.org/UA-Profile/Transport/https-uabinary"] });

        Assert.Empty(https.Endpoints!);
    });

    [Fact]
    public Task Anonymous_policy_is_not_offered_when_disallowed() => Run(async () =>
    {
        await using var server = await TestServer.StartAsync(TestServer.Options(allowAnonymous: false));
        await using var client = await UaTestClient.ConnectAsync(server);

        var response = await client.CallAsync<GetEndpointsResponse>(new GetEndpointsRequest());

        Assert.Equal([UserTokenType.UserName], response.Endpoints![0].UserIdentityTokens!.Select(p => p.TokenType));
    });

    [Fact]
    public Task FindServers_without_session_describes_this_server_and_filters_by_uri() => Run(async () =>
    {
        await using var server = await TestServer.StartAsync();
        await using var client = await UaTestClient.ConnectAsync(server);

        var all = await client.CallAsync<FindServersResponse>(new FindServersRequest());
        var other = await client.CallAsync<FindServersResponse>(new FindServersRequest { ServerUris = ["urn:someone:else"] });

        var description = Assert.Single(all.Servers!);
        Assert.Equal("urn:iiot:test:server", description.ApplicationUri);
        Assert.Equal(server.EndpointUrl, Assert.Single(description.DiscoveryUrls!));
        Assert.Empty(other.Servers!);
    });

    private static Task Run(Func<Task> test) => test().WaitAsync(TimeSpan.FromSeconds(30));
}
