using IIoT.Contracts.V1;

namespace IIoT.Cloud.Tests.Kpi;

/// <summary>
/// Raw telemetry of one machine as a simulator would publish it: every 0.5 s the state, the three counters, the
/// ideal cycle time and the power. Running makes one part per second (every fifth one rejected).
/// </summary>
public sealed class KpiData(string site, string line, string machine, long startNs)
{
    public const long TickNs = 500_000_000;
    public const double IdealCycleTimeS = 0.8;
    public const double PowerKw = 10;

    public string Site { get; } = site;

    public long StartNs { get; } = startNs;

    /// <summary>The points of the ticks in [fromS, toS) seconds after the start; <paramref name="stateAt"/> gives the state by second.</summary>
    public List<Point> Points(double fromS, double toS, Func<double, string> stateAt)
    {
        var points = new List<Point>();
        for (var tick = (long)Math.Round(fromS * 2); tick < (long)Math.Round(toS * 2); tick++)
        {
            var seconds = tick / 2.0;
            var time = StartNs + (tick * TickNs);
            var (total, reject) = Counters(seconds, stateAt);
            points.Add(Point("state", time, p => p.StringValue = stateAt(seconds)));
            points.Add(Point("parts_total", time, p => p.IntValue = total));
            points.Add(Point("parts_good", time, p => p.IntValue = total - reject));
            points.Add(Point("parts_reject", time, p => p.IntValue = reject));
            points.Add(Point("ideal_cycle_time_s", time, p => p.DoubleValue = IdealCycleTimeS));
            points.Add(Point("power_kw", time, p => p.DoubleValue = PowerKw));
        }
        return points;
    }

    /// <summary>Counter values at <paramref name="seconds"/>: one part per whole running second before it, from 1000.</summary>
    public static (long Total, long Reject) Counters(double seconds, Func<double, string> stateAt)
    {
        long made = 0;
        for (var s = 0; s < (int)Math.Floor(seconds); s++)
        {
            if (stateAt(s) == "running")
            {
                made++;
            }
        }
        return (1000 + made, 100 + (made / 5));
    }

    private Point Point(string signal, long timeNs, Action<Point> value)
    {
        var point = new Point
        {
            Signal = signal,
            SourceTimeNs = timeNs,
            ReceiveTimeNs = timeNs + 1_000_000,
            Quality = Quality.Good,
            Source = "mqtt:kpi",
            Asset = new AssetPath { Site = Site, Area = "press", Line = line, Machine = machine },
        };
        value(point);
        return point;
    }
}
