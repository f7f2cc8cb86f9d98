using IIoT.Testing;

namespace IIoT.OpcUa.Stack.Tests.Interop;

/// <summary>One node-opcua server for the tests of a class: its start (certificate creation) takes seconds.</summary>
public sealed class NodeOpcuaServerFixture : IAsyncLifetime
{
    private NodeOpcuaServer? _server;

    public NodeOpcuaServer Server => _server ?? throw new InvalidOperationException("node-opcua is not started.");

    public async Task InitializeAsync() => _server = await NodeOpcuaServer.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
