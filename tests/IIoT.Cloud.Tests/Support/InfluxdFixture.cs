using IIoT.Testing;

namespace IIoT.Cloud.Tests.Support;

/// <summary>One real influxd per test class.</summary>
public sealed class InfluxdFixture : IAsyncLifetime
{
    public InfluxdServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await InfluxdServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
