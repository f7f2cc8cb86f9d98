using System.Text.Json;
using IIoT.Testing;

namespace IIoT.EndToEnd.Tests.OpcUa;

/// <summary>
/// simulators (OPC UA front end) -> gateway (OPC UA source) -> cloud -> influxd, every part a real process on
/// loopback with its own ports and folders. Faults are injected through the simulator's control file.
/// </summary>
internal sealed class OpcUaPipeline : IAsyncDisposable
{
    public const string Tenant = "acme";
    public const string GatewayId = "gw-e2e-opcua";
    public const string ApiKey = "e2e-key-opcua-0001";
    public const string Namespace = "urn:iiot:sim:line1";

    private readonly string? _url;
    private readonly IReadOnlyList<(string NodeId, string Machine, string Signal)>? _nodes;

    private OpcUaPipeline(TempFolder folder, InfluxdServer influx, int machines,
        string? url = null, IReadOnlyList<(string NodeId, string Machine, string Signal)>? nodes = null)
    {
        Folder = folder;
        Influx = influx;
        OpcPort = FreePort.Next();
        _url = url;
        _nodes = nodes;
        Cloud = new AppProcess("cloud", "cloud", "IIoT.Cloud", CloudProcessSettings.For(influx.Url, Tenant, GatewayId, ApiKey), FreePort.Next());
        Gateway = new AppProcess("gateway", "gateway", "IIoT.Gateway", GatewaySettings(machines), FreePort.Next());
        Simulator = new AppProcess("simulators", "simulators", "IIoT.Simulators", new Dictionary<string, string>
        {
            ["Simulator:OpcUa:Enabled"] = "true",
            ["Simulator:OpcUa:Port"] = OpcPort.ToString(),
            ["Simulator:OpcUa:HostName"] = "127.0.0.1",
            ["Simulator:OpcUa:ControlFile"] = ControlFile,
            ["Simulator:Machines"] = machines.ToString(),
            ["Simulator:Seed"] = "7",
            ["Simulator:PublishInterval"] = "00:00:00.500",
            ["Simulator:Site"] = "plant1",
            ["Simulator:Area"] = "assembly",
            ["Simulator:Line"] = "line1",
            ["Logging:LogLevel:Default"] = "Warning",
        }, httpPort: null);
        File.WriteAllText(ControlFile, "");
    }

    public TempFolder Folder { get; }

    public InfluxdServer Influx { get; }

    public int OpcPort { get; }

    public AppProcess Simulator { get; }

    public AppProcess Cloud { get; }

    public AppProcess Gateway { get; }

    public string ControlFile => Folder.Combine("sim-control.txt");

    public static async Task<OpcUaPipeline> StartAsync(int machines)
    {
        var folder = new TempFolder("e2e-opcua");
        var influx = await InfluxdServer.StartAsync();
        var pipeline = new OpcUaPipeline(folder, influx, machines);
        await pipeline.Simulator.StartAsync();
        await pipeline.Cloud.StartAsync();
        await pipeline.Gateway.StartAsync();
        return pipeline;
    }

    /// <summary>
    /// Like <see cref="StartAsync(int)"/>, with the gateway's settings changed before it starts (other rules in the
    /// group, more groups or endpoints); <see cref="GroupPrefix"/> + "Nodes:..." holds the default nodes.
    /// </summary>
    public static async Task<OpcUaPipeline> StartAsync(int machines, Action<IDictionary<string, string>> configureGateway)
    {
        var folder = new TempFolder("e2e-opcua");
        var influx = await InfluxdServer.StartAsync();
        var pipeline = new OpcUaPipeline(folder, influx, machines);
        configureGateway(pipeline.Gateway.Settings);
        await pipeline.Simulator.StartAsync();
        await pipeline.Cloud.StartAsync();
        await pipeline.Gateway.StartAsync();
        return pipeline;
    }

    /// <summary>The first group of the first endpoint, as a configuration key prefix.</summary>
    public const string GroupPrefix = "OpcUa:Endpoints:0:Groups:0:";

    /// <summary>Removes the group's default Nodes (to collect by browse paths or folders only).</summary>
    public static void RemoveNodes(IDictionary<string, string> settings)
    {
        foreach (var key in settings.Keys.Where(k => k.StartsWith(GroupPrefix + "Nodes:", StringComparison.Ordinal)).ToList())
        {
            settings.Remove(key);
        }
    }

    /// <summary>The "opcUa" array of the gateway's /healthz: one entry per endpoint.</summary>
    public async Task<JsonElement> OpcUaHealthAsync()
    {
        var text = await Gateway.Http!.GetStringAsync("/healthz");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.GetProperty("opcUa").Clone();
    }

    /// <summary>Gateway and cloud against another OPC UA server (no simulator), collecting the given nodes.</summary>
    public static async Task<OpcUaPipeline> StartAsync(string url, IReadOnlyList<(string NodeId, string Machine, string Signal)> nodes)
    {
        var folder = new TempFolder("e2e-opcua");
        var influx = await InfluxdServer.StartAsync();
        var pipeline = new OpcUaPipeline(folder, influx, 0, url, nodes);
        await pipeline.Cloud.StartAsync();
        await pipeline.Gateway.StartAsync();
        return pipeline;
    }

    /// <summary>Appends one fault command; the simulator polls the file and runs whole lines only.</summary>
    public void Control(string command) => File.AppendAllText(ControlFile, command + "\n");

    /// <summary>Stored values of the sequence signal per machine, in time order.</summary>
    public async Task<Dictionary<string, List<long>>> SequencesAsync()
    {
        var rows = await Influx.RowsAsync(Tenant, "SELECT \"value\" FROM \"sequence\" GROUP BY \"machine\"");
        return rows
            .Where(r => r["value"].ValueKind == JsonValueKind.Number)
            .GroupBy(r => r["machine"].GetString()!)
            .ToDictionary(g => g.Key, g => g.OrderBy(r => r["time"].GetInt64()).Select(r => r["value"].GetInt64()).ToList());
    }

    /// <summary>Waits until every machine has at least <paramref name="count"/> sequence values stored, the last above <paramref name="above"/>.</summary>
    public Task WaitForSequenceAsync(int machines, int count, TimeSpan timeout, long above = long.MinValue) =>
        Wait.UntilAsync(async () =>
        {
            var sequences = await SequencesAsync();
            return sequences.Count == machines && sequences.Values.All(s => s.Count >= count && s.Max() > above);
        }, timeout, $"{count} sequence values above {above} for {machines} machines in InfluxDB", TimeSpan.FromMilliseconds(300));

    /// <summary>The missing sequence values between the first and the last stored one, per machine.</summary>
    public static List<string> Holes(Dictionary<string, List<long>> sequences)
    {
        var holes = new List<string>();
        foreach (var (machine, values) in sequences)
        {
            var set = values.ToHashSet();
            for (var v = values.Min(); v <= values.Max(); v++)
            {
                if (!set.Contains(v))
                {
                    holes.Add($"{machine}:{v}");
                }
            }
        }
        return holes;
    }

    public static string Describe(Dictionary<string, List<long>> sequences) =>
        string.Join("; ", sequences.Select(s => $"{s.Key}: {s.Value.Count} values {s.Value.Min()}..{s.Value.Max()}"));

    /// <summary>Notification messages the gateway got back with Republish (the client's Debug log lines).</summary>
    public int Republished() => Gateway.Output.Split('\n').Count(l => l.Contains(": republished ", StringComparison.Ordinal));

    public string Diagnostics() =>
        $"\n--- gateway ---\n{Tail(Gateway.Output)}\n--- cloud ---\n{Tail(Cloud.Output)}\n--- simulators ---\n{Tail(Simulator.Output)}";

    public async ValueTask DisposeAsync()
    {
        await Simulator.DisposeAsync();
        await Gateway.DisposeAsync();
        await Cloud.DisposeAsync();
        await Influx.DisposeAsync();
        Folder.Dispose();
    }

    private static string Tail(string text) => text.Length > 5000 ? text[^5000..] : text;

    private Dictionary<string, string> GatewaySettings(int machines)
    {
        const string group = "OpcUa:Endpoints:0:Groups:0:";
        var settings = new Dictionary<string, string>
        {
            ["Gateway:Id"] = GatewayId,
            ["Gateway:DataDirectory"] = Folder.Combine("gateway"),
            ["Uplink:Urls:0"] = $"http://127.0.0.1:{Cloud.HttpPort}",
            ["Uplink:ApiKey"] = ApiKey,
            ["Uplink:MinBackoff"] = "00:00:00.200",
            ["Uplink:MaxBackoff"] = "00:00:01",
            ["Uplink:RequestTimeout"] = "00:00:10",
            ["OpcUa:Endpoints:0:Name"] = "line1",
            ["OpcUa:Endpoints:0:Url"] = _url ?? $"opc.tcp://127.0.0.1:{OpcPort}",
            ["OpcUa:Endpoints:0:Site"] = "plant1",
            ["OpcUa:Endpoints:0:Area"] = "assembly",
            ["OpcUa:Endpoints:0:Line"] = "line1",
            ["OpcUa:Endpoints:0:ReconnectMinDelay"] = "00:00:00.200",
            ["OpcUa:Endpoints:0:ReconnectMaxDelay"] = "00:00:01",
            [group + "Name"] = "default",
            [group + "SamplingInterval"] = "00:00:00.100",
            [group + "PublishingInterval"] = "00:00:00.250",
            [group + "QueueSize"] = "20",
            ["Logging:LogLevel:Default"] = "Warning",
            // The client logs each Republish at Debug (through the source's logger): the fault tests report how many messages it recovered.
            ["Logging:LogLevel:IIoT.Gateway.Collection.OpcUa"] = "Debug",
        };
        var nodes = _nodes ?? SimulatorNodes(machines);
        for (var i = 0; i < nodes.Count; i++)
        {
            settings[group + $"Nodes:{i}:NodeId"] = nodes[i].NodeId;
            settings[group + $"Nodes:{i}:Machine"] = nodes[i].Machine;
            settings[group + $"Nodes:{i}:Signal"] = nodes[i].Signal;
        }
        return settings;
    }

    private static List<(string NodeId, string Machine, string Signal)> SimulatorNodes(int machines)
    {
        var nodes = new List<(string NodeId, string Machine, string Signal)>();
        for (var m = 1; m <= machines; m++)
        {
            var machine = $"m{m:00}";
            foreach (var signal in new[] { "sequence", "temperature" })
            {
                nodes.Add(($"nsu={Namespace};s=plant1.assembly.line1.{machine}.{signal}", machine, signal));
            }
        }
        return nodes;
    }
}
