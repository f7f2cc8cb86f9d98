using IIoT.OpcUa.Client;
using IIoT.OpcUa.Types;
using IIoT.Simulators.Hosting;

namespace IIoT.Simulators.Tests.OpcUa;

/// <summary>Endpoint layout (one per line or per machine) and user login.</summary>
public sealed class EndpointTests
{
    [Fact]
    public Task One_endpoint_per_machine_serves_only_that_machine_under_the_same_path() => Run(async () =>
    {
        await using var sim = await SimLine.StartAsync(SimLine.Line(machines: 3),
            new OpcUaSimulatorOptions { Enabled = true, Port = 0, BindAddress = "127.0.0.1", HostName = "127.0.0.1", EndpointPerMachine = true });
        Assert.Equal(3, sim.Host.Servers.Count);
        Assert.Equal(3, sim.Host.Servers.Select(s => s.Port).Distinct().Count());

        await using var second = await UaSession.ConnectAsync(SimLine.Client($"opc.tcp://127.0.0.1:{sim.Host.Servers[1].Port}"));
        var ns = (ushort)second.NamespaceUris.ToList().IndexOf("urn:iiot:sim:line1");
        var machines = await second.BrowseAsync(new NodeId("plant1.assembly.line1", ns));
        Assert.Equal("m02", Assert.Single(machines).BrowseName.Name);
        Assert.Equal(StatusCode.Good, (await second.ReadAsync(new NodeId("plant1.assembly.line1.m02.temperature", ns))).Status);
        Assert.Equal(StatusCodes.BadNodeIdUnknown, (await second.ReadAsync(new NodeId("plant1.assembly.line1.m01.temperature", ns))).Status.Code);
    });

    [Fact]
    public Task Configured_users_log_in_and_anonymous_can_be_switched_off() => Run(async () =>
    {
        var options = new OpcUaSimulatorOptions
        {
            Enabled = true, Port = 0, BindAddress = "127.0.0.1", HostName = "127.0.0.1",
            Users = new Dictionary<string, string> { ["tester"] = "pw-1" }, AllowAnonymous = false,
        };
        var host = new IIoT.Simulators.OpcUa.OpcUaLineHost(SimLine.Line(), options);
        await using (host)
        {
            await host.StartAsync();
            var url = $"opc.tcp://127.0.0.1:{host.Servers[0].Port}";
            await using var user = await UaSession.ConnectAsync(new ClientOptions
            {
                EndpointUrl = url, Identity = UserIdentity.FromUserName("tester", "pw-1"), AutoReconnect = false,
            });
            Assert.Equal(SessionState.Connected, user.State);
            await Assert.ThrowsAnyAsync<Exception>(() => UaSession.ConnectAsync(new ClientOptions { EndpointUrl = url, AutoReconnect = false }));
        }
    });

    private static Task Run(Func<Task> test) => test().WaitAsync(SimLine.Timeout);
}
