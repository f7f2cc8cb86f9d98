using System.Net.Sockets;
using IIoT.Testing;

namespace IIoT.OpcUa.Stack.Tests.Interop;

/// <summary>The fixture itself: a test that relies on it must not leak a node process or hang on stop.</summary>
public sealed class NodeOpcuaServerLifecycleTests
{
    [Fact]
    public async Task Node_opcua_server_announces_its_endpoint_and_stops_cleanly_on_sigterm()
    {
        await using var server = await NodeOpcuaServer.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal($"opc.tcp://127.0.0.1:{server.Port}", server.EndpointUrl.TrimEnd('/'));

        await server.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(server.HasExited);
        Assert.True(server.ExitCode == 0, $"exit code {server.ExitCode}:\n{server.Output}");
        using var client = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync("127.0.0.1", server.Port).WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
