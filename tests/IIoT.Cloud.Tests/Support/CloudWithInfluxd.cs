using IIoT.Testing;
using Microsoft.AspNetCore.Builder;

namespace IIoT.Cloud.Tests.Support;

/// <summary>
/// One real influxd and one in-process cloud service in front of it, per test class. Two tenants
/// ("acme" -> database acme, "globex" -> database globex) and three gateways.
/// </summary>
public sealed class CloudWithInfluxd : IAsyncLifetime
{
    public const string AcmeKey = "acme-gw1-key-0123456789";
    public const string AcmeKey2 = "acme-gw2-key-0123456789";
    public const string GlobexKey = "globex-gw1-key-0123456789";

    private WebApplication? _app;

    public InfluxdServer Influxd { get; private set; } = null!;

    public IngestClient Client { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    public int Port { get; } = FreePort.Next();

    public static Dictionary<string, string?> Settings(string storageUrl) => new()
    {
        ["Cloud:Storage:Kind"] = "InfluxV1",
        ["Cloud:Storage:Url"] = storageUrl,
        ["Cloud:Storage:CreateDatabases"] = "true",
        ["Cloud:Storage:Timeout"] = "00:00:03",
        ["Cloud:Tenants:0:Id"] = "acme",
        ["Cloud:Tenants:0:Database"] = "acme",
        ["Cloud:Tenants:1:Id"] = "globex",
        ["Cloud:Tenants:1:Database"] = "globex",
        ["Cloud:Gateways:0:Id"] = "gw1",
        ["Cloud:Gateways:0:Tenant"] = "acme",
        ["Cloud:Gateways:0:ApiKey"] = AcmeKey,
        ["Cloud:Gateways:1:Id"] = "gw2",
        ["Cloud:Gateways:1:Tenant"] = "acme",
        ["Cloud:Gateways:1:ApiKeySha256"] = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(AcmeKey2))),
        ["Cloud:Gateways:2:Id"] = "globex-gw1",
        ["Cloud:Gateways:2:Tenant"] = "globex",
        ["Cloud:Gateways:2:ApiKey"] = GlobexKey,
        ["Cloud:Limits:MaxCompressedBytes"] = "200000",
        ["Cloud:Limits:MaxDecompressedBytes"] = "1000000",
        ["Cloud:Limits:MaxPointsPerBatch"] = "1000",
    };

    public async Task InitializeAsync()
    {
        Influxd = await InfluxdServer.StartAsync();
        // So that "nothing was written" can be asserted before the service first creates them.
        await Influxd.CreateDatabaseAsync("acme");
        await Influxd.CreateDatabaseAsync("globex");
        _app = await CloudApp.StartAsync(Settings(Influxd.Url), Port);
        Client = new IngestClient($"http://127.0.0.1:{Port}");
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        if (Influxd is not null)
        {
            await Influxd.DisposeAsync();
        }
    }
}
