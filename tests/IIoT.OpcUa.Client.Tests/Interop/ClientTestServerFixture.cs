using IIoT.Testing;

namespace IIoT.OpcUa.Client.Tests.Interop;

/// <summary>
/// One node-opcua server for the client interop tests: 10,000 bulk variables, a counter, a > 1 MB array, a writable
/// variable, a user name login, and low operation limits (50 reads, 200 browses, 1,000 monitored items per call) so
/// that large calls must be split.
/// </summary>
public sealed class ClientTestServerFixture : IAsyncLifetime
{
    public const string UserName = "operator";
    public const string Password = "s3cret-pw";
    public const int BulkVariables = 10_000;
    public const int MaxNodesPerRead = 50;
    public const int MaxNodesPerBrowse = 200;
    public const int MaxMonitoredItemsPerCall = 1000;

    private NodeOpcuaServer? _server;

    public NodeOpcuaServer Server => _server ?? throw new InvalidOperationException("node-opcua is not started.");

    public async Task InitializeAsync() => _server = await NodeOpcuaServer.StartAsync(new NodeOpcuaServerOptions
    {
        Variables = BulkVariables,
        RateMs = 1000,
        CounterMs = 20,
        LargeArray = true,
        Writable = true,
        UserName = UserName,
        Password = Password,
        MaxNodesPerRead = MaxNodesPerRead,
        MaxNodesPerBrowse = MaxNodesPerBrowse,
        MaxMonitoredItemsPerCall = MaxMonitoredItemsPerCall,
    }).WaitAsync(TimeSpan.FromSeconds(90));

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
