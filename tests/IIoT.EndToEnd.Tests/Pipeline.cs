using IIoT.Testing;

namespace IIoT.EndToEnd.Tests;

/// <summary>
/// The whole data path on loopback, every part a real process: simulators -> mosquitto -> gateway -> cloud
/// -> influxd. Each test builds its own pipeline with its own ports and folders.
/// </summary>
internal sealed class Pipeline : IAsyncDisposable
{
    public const string Tenant = "acme";
    public const string GatewayId = "gw-e2e";
    public const string ApiKey = "e2e-key-4f1c9a-0001";

    private readonly List<AppProcess> _simulators = [];

    private Pipeline(TempFolder folder, InfluxdServer influx, MosquittoBroker broker)
    {
        Folder = folder;
        Influx = influx;
        Broker = broker;
        Cloud = new AppProcess("cloud", "cloud", "IIoT.Cloud", CloudProcessSettings.For(influx.Url, Tenant, GatewayId, ApiKey), FreePort.Next());
        Gateway = new AppProcess("gateway", "gateway", "IIoT.Gateway", GatewaySettings(), FreePort.Next());
    }

    public TempFolder Folder { get; }

    public InfluxdServer Influx { get; }

    public MosquittoBroker Broker { get; }

    public AppProcess Cloud { get; }

    public AppProcess Gateway { get; }

    public string TruthFile => Folder.Combine("truth.jsonl");

    public string DeadLetterDirectory => Folder.Combine("gateway", "deadletter");

    /// <summary>Starts the servers; the cloud and the gateway are started by the test (it may change their settings first).</summary>
    public static async Task<Pipeline> CreateAsync()
    {
        var folder = new TempFolder("e2e");
        var influx = await InfluxdServer.StartAsync();
        var broker = await MosquittoBroker.StartAsync();
        return new Pipeline(folder, influx, broker);
    }

    public async Task StartAsync()
    {
        await Cloud.StartAsync();
        await Gateway.StartAsync();
    }

    /// <summary>Runs the simulated line in fast mode for a number of ticks, rate-limited, writing the truth file.</summary>
    public async Task<AppProcess> StartSimulatorAsync(int machines, int ticks, double messagesPerSecond, int seed = 7)
    {
        var simulator = new AppProcess("simulators", "simulators", "IIoT.Simulators", new Dictionary<string, string>
        {
            ["Simulator:Machines"] = machines.ToString(),
            ["Simulator:Seed"] = seed.ToString(),
            ["Simulator:Ticks"] = ticks.ToString(),
            ["Simulator:Fast"] = "true",
            ["Simulator:MessagesPerSecond"] = messagesPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Simulator:Broker:Host"] = "127.0.0.1",
            ["Simulator:Broker:Port"] = Broker.Port.ToString(),
            ["Simulator:EmbeddedBroker:Enabled"] = "false",
            ["Simulator:TruthFile"] = TruthFile,
        }, httpPort: null);
        _simulators.Add(simulator);
        await simulator.StartAsync();
        return simulator;
    }

    public static async Task WaitForExitAsync(AppProcess simulator, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await simulator.Process.WaitForExitAsync(cancel.Token);
        Assert.True(simulator.Process.ExitCode == 0, "simulators failed: " + simulator.Output);
    }

    /// <summary>Waits until InfluxDB holds every point of the truth file, then audits the values.</summary>
    public async Task<Audit> WaitForAllStoredAsync(TimeSpan timeout)
    {
        var truth = Truth.Read(TruthFile);
        Assert.True(truth.Points.Count > 0, "the simulators published nothing");
        try
        {
            await Wait.UntilAsync(async () => await StoredPoints.CountAsync(Influx, Tenant) >= truth.Points.Count,
                timeout, $"{truth.Points.Count} points in InfluxDB", TimeSpan.FromMilliseconds(500));
        }
        catch (TimeoutException)
        {
            // Fall through to the audit: it says what is missing, which a timeout alone does not.
        }
        return StoredPoints.Check(truth, await StoredPoints.ReadAsync(Influx, Tenant));
    }

    public string Diagnostics() =>
        $"--- gateway ---\n{Tail(Gateway.Output)}\n--- cloud ---\n{Tail(Cloud.Output)}\n--- simulators ---\n{Tail(string.Join("\n", _simulators.Select(s => s.Output)))}";

    public async ValueTask DisposeAsync()
    {
        foreach (var simulator in _simulators)
        {
            await simulator.DisposeAsync();
        }
        await Gateway.DisposeAsync();
        await Cloud.DisposeAsync();
        await Broker.DisposeAsync();
        await Influx.DisposeAsync();
        Folder.Dispose();
    }

    private static string Tail(string text) => text.Length > 6000 ? text[^6000..] : text;

    private Dictionary<string, string> GatewaySettings() => new()
    {
        ["Gateway:Id"] = GatewayId,
        ["Gateway:DataDirectory"] = Folder.Combine("gateway"),
        ["Uplink:Urls:0"] = $"http://127.0.0.1:{Cloud.HttpPort}",
        ["Uplink:ApiKey"] = ApiKey,
        ["Uplink:MinBackoff"] = "00:00:00.200",
        ["Uplink:MaxBackoff"] = "00:00:02",
        ["Uplink:RequestTimeout"] = "00:00:10",
        ["Mqtt:Brokers:0:Name"] = "line1",
        ["Mqtt:Brokers:0:Host"] = "127.0.0.1",
        ["Mqtt:Brokers:0:Port"] = Broker.Port.ToString(),
        ["Mqtt:Brokers:0:ClientId"] = "gw-e2e-line1",
        ["Mqtt:Brokers:0:Subscriptions:0:Topic"] = "factory/#",
        ["Mqtt:Brokers:0:Subscriptions:0:Qos"] = "1",
        ["Mqtt:Brokers:0:Subscriptions:0:Rule"] = "line-json",
        ["Logging:LogLevel:Default"] = "Warning",
    };
}
