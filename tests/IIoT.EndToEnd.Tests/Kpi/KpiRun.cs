using System.Globalization;
using IIoT.Testing;

namespace IIoT.EndToEnd.Tests.Kpi;

/// <summary>
/// The real pipeline (simulators -> mosquitto -> gateway -> cloud with KPIs on -> influxd) with a short KPI
/// bucket and a fast line: 200 ms ticks on a virtual clock that starts on a bucket boundary and is paced in real
/// time, so timestamps are exact and near now (the cloud's normal, recent-bucket path computes them), and a 30 s run
/// sees faults, idle, setups and a planned stop on every machine.
/// </summary>
internal sealed class KpiRun : IAsyncDisposable
{
    public const string Site = "plant1";
    public const string Area = "assembly";
    public const string Line = "line1";
    public const string UserName = "engineer";
    public const string Password = "e2e-dashboard-pass";
    public const string TimeZone = "Europe/Berlin";

    public static readonly TimeSpan Bucket = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(200);
    public static readonly TimeSpan MaxSampleGap = TimeSpan.FromSeconds(2);

    private AppProcess? _simulator;

    private KpiRun(Pipeline pipeline)
    {
        Pipeline = pipeline;
        var cloud = pipeline.Cloud.Settings;
        cloud["Cloud:Kpi:Enabled"] = "true";
        cloud["Cloud:Kpi:Interval"] = "00:00:01";
        cloud["Cloud:Kpi:BucketLength"] = Bucket.ToString("c", CultureInfo.InvariantCulture);
        cloud["Cloud:Kpi:RecentBuckets"] = "3";
        cloud["Cloud:Kpi:StartupLookback"] = "01:00:00";
        cloud["Cloud:Kpi:MaxSampleGap"] = MaxSampleGap.ToString("c", CultureInfo.InvariantCulture);
        cloud["Cloud:Kpi:Sites:0:Tenant"] = Pipeline.Tenant;
        cloud["Cloud:Kpi:Sites:0:Site"] = Site;
        cloud["Cloud:Kpi:Sites:0:TimeZone"] = TimeZone;
        // Three shifts cover the whole day, so no calendar time is planned downtime: the run's only planned time is
        // the simulator's planned stop, whichever hour the test runs at.
        string[][] shifts = [["early", "06:00", "14:00"], ["late", "14:00", "22:00"], ["night", "22:00", "06:00"]];
        for (var i = 0; i < shifts.Length; i++)
        {
            cloud[$"Cloud:Kpi:Sites:0:Shifts:{i}:Name"] = shifts[i][0];
            cloud[$"Cloud:Kpi:Sites:0:Shifts:{i}:Start"] = shifts[i][1];
            cloud[$"Cloud:Kpi:Sites:0:Shifts:{i}:End"] = shifts[i][2];
        }
        cloud["Cloud:Users:0:Name"] = UserName;
        cloud["Cloud:Users:0:Password"] = Password;
        cloud["Cloud:Users:0:Tenant"] = Pipeline.Tenant;
        cloud["Cloud:Dashboard:KeysDirectory"] = pipeline.Folder.Combine("dashboard-keys");
        cloud["Logging:LogLevel:IIoT.Cloud.Kpi"] = "Information";
    }

    public Pipeline Pipeline { get; }

    /// <summary>The virtual clock's start: tick k is published with timestamp Start + k x 200 ms.</summary>
    public long StartNs { get; private set; }

    public int Ticks { get; private set; }

    /// <summary>End of the last tick's hold: every sample of the run lies in [StartNs, EndNs).</summary>
    public long EndNs => StartNs + Ticks * TickNs;

    public static long BucketNs => (long)Bucket.TotalMilliseconds * 1_000_000;

    public static long TickNs => (long)Tick.TotalMilliseconds * 1_000_000;

    public AppProcess Simulator => _simulator ?? throw new InvalidOperationException("The simulators have not been started.");

    public static async Task<KpiRun> CreateAsync() => new(await Pipeline.CreateAsync());

    /// <summary>
    /// Starts the line: 3 presses (0.5 s ideal cycle), a failure every ~6 s of running (repair ~2 s), starvation,
    /// a setup every 25 parts, 5 % rejects, a planned stop from 12 s to 16 s, and the broker connection cut at 18 s
    /// (the simulators re-send what was not acknowledged, so the gateway sees duplicates).
    /// </summary>
    public async Task StartLineAsync(int ticks, int seed = 11)
    {
        Ticks = ticks;
        var scenario = Pipeline.Folder.Combine("kpi-line.json");
        await File.WriteAllTextAsync(scenario, $$"""
            { "Name": "kpi-e2e", "Site": "{{Site}}", "Area": "{{Area}}", "Line": "{{Line}}", "Seed": {{seed}}, "TickInterval": "00:00:00.200",
              "MachineTypes": [ { "Count": 3, "Profile": { "Type": "press", "IdealCycleTime": "00:00:00.500",
                  "MeanTimeBetweenFailures": "00:00:06", "MeanTimeToRepair": "00:00:02", "PartsPerSetup": 25,
                  "MinSetupTime": "00:00:01", "MaxSetupTime": "00:00:02", "MeanTimeBetweenStarvation": "00:00:10",
                  "MinStarvationTime": "00:00:00.500", "MaxStarvationTime": "00:00:02", "RejectProbability": 0.05 } } ],
              "PlannedStops": [ { "Name": "break", "Start": "00:00:12", "Duration": "00:00:04" } ],
              "Faults": [ { "At": "00:00:18", "Action": "DropConnections" } ] }
            """);
        // On a bucket boundary and a little in the past, so no timestamp runs ahead of the cloud's clock.
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        StartNs = now / BucketNs * BucketNs;
        var start = DateTimeOffset.FromUnixTimeMilliseconds(StartNs / 1_000_000);
        _simulator = new AppProcess("simulators", "simulators", "IIoT.Simulators", new Dictionary<string, string>
        {
            ["Simulator:Scenario"] = scenario,
            ["Simulator:VirtualClock"] = "true",
            ["Simulator:StartTime"] = start.ToString("O", CultureInfo.InvariantCulture),
            ["Simulator:Ticks"] = ticks.ToString(CultureInfo.InvariantCulture),
            ["Simulator:Broker:Host"] = "127.0.0.1",
            ["Simulator:Broker:Port"] = Pipeline.Broker.Port.ToString(CultureInfo.InvariantCulture),
            ["Simulator:EmbeddedBroker:Enabled"] = "false",
            ["Simulator:TruthFile"] = Pipeline.TruthFile,
        }, httpPort: null);
        await _simulator.StartAsync();
    }

    /// <summary>Waits until the simulators have published (and had acknowledged) ticks up to this model time.</summary>
    public async Task WaitForModelTimeAsync(TimeSpan modelTime, TimeSpan timeout)
    {
        var target = StartNs + (long)modelTime.TotalMilliseconds * 1_000_000;
        await Wait.UntilAsync(() => File.Exists(Pipeline.TruthFile) && LastTruthTimeNs() >= target, timeout,
            $"the simulators to reach {modelTime} of model time");
    }

    private long LastTruthTimeNs()
    {
        // The truth file grows while we read it; the last complete line is enough.
        using var stream = new FileStream(Pipeline.TruthFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        long last = 0;
        while (reader.ReadLine() is { } line)
        {
            var at = line.IndexOf("\"ts\":", StringComparison.Ordinal);
            if (at >= 0)
            {
                var end = line.IndexOfAny([',', '}'], at + 5);
                if (end > 0 && long.TryParse(line.AsSpan(at + 5, end - at - 5), NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
                {
                    last = Math.Max(last, ms * 1_000_000);
                }
            }
        }
        return last;
    }

    public string Diagnostics() => Pipeline.Diagnostics() + "\n--- kpi simulators ---\n" + (_simulator is null ? "" : Tail(_simulator.Output));

    private static string Tail(string text) => text.Length > 4000 ? text[^4000..] : text;

    public async ValueTask DisposeAsync()
    {
        if (_simulator is not null)
        {
            await _simulator.DisposeAsync();
        }
        await Pipeline.DisposeAsync();
    }
}
