using System.Globalization;

namespace IIoT.EndToEnd.Tests.Kpi;

/// <summary>
/// Compares what the cloud stored with <see cref="ExpectedKpi"/> from the truth. Tolerances: counts (parts, stops,
/// failures, buckets) exact; durations 0.05 s per machine (state changes at tick resolution on both sides, so only
/// floating-point rounding separates them); energy 0.5 %; availability, performance, quality and OEE 0.02 absolute.
/// </summary>
internal static class KpiComparison
{
    public const double DurationTolerance = 0.05;
    public const double RatioTolerance = 0.02;
    public const double EnergyTolerance = 0.005;

    /// <summary>Rollups per machine summed over [fromNs, toNs) against the truth over the same range.</summary>
    public static List<string> Rollups(Dictionary<string, List<TruthSample>> truth, Dictionary<string, Dictionary<string, double>> stored,
        long fromNs, long toNs)
    {
        var problems = new List<string>();
        var buckets = (toNs - fromNs) / KpiRun.BucketNs;
        foreach (var (machine, samples) in truth.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            if (!stored.TryGetValue(machine, out var actual))
            {
                problems.Add($"{machine}: no kpi_rollup points");
                continue;
            }
            var e = ExpectedKpi.Compute(samples, fromNs, toNs, KpiRun.MaxSampleGap);
            var p = Compare(e, actual, buckets);
            if (p.Count > 0)
            {
                problems.Add($"{machine}: {string.Join("; ", p)} (truth: {e})");
            }
        }
        return problems;
    }

    /// <summary>Every bucket of every machine in [fromNs, toNs) against the truth over that bucket alone.</summary>
    public static List<string> Buckets(Dictionary<string, List<TruthSample>> truth, Dictionary<(string Machine, long BucketNs), Dictionary<string, double>> stored,
        long fromNs, long toNs)
    {
        var problems = new List<string>();
        for (var bucket = fromNs; bucket < toNs; bucket += KpiRun.BucketNs)
        {
            var at = DateTimeOffset.FromUnixTimeMilliseconds(bucket / 1_000_000).ToString("HH:mm:ss", CultureInfo.InvariantCulture);
            foreach (var (machine, samples) in truth.OrderBy(t => t.Key, StringComparer.Ordinal))
            {
                if (!stored.TryGetValue((machine, bucket), out var actual))
                {
                    problems.Add($"{machine} bucket {at}: no kpi_rollup point");
                    continue;
                }
                actual["buckets"] = 1;
                var p = Compare(ExpectedKpi.Compute(samples, bucket, bucket + KpiRun.BucketNs, KpiRun.MaxSampleGap), actual, 1);
                if (p.Count > 0)
                {
                    problems.Add($"{machine} bucket {at}: {string.Join("; ", p)}");
                }
            }
        }
        return problems;
    }

    /// <summary>Each stored window (machine, line and site level; the site has one line) against the truth over the window's own range.</summary>
    public static List<string> Windows(Dictionary<string, List<TruthSample>> truth, IReadOnlyList<WindowPoint> windows, IEnumerable<string> expectedWindows)
    {
        var problems = new List<string>();
        foreach (var window in expectedWindows)
        {
            foreach (var level in new[] { "machine", "line", "site" })
            {
                var assets = level == "machine" ? truth.Keys.Order(StringComparer.Ordinal).ToList() : [""];
                foreach (var machine in assets)
                {
                    var point = windows.FirstOrDefault(w => w.Level == level && w.Window == window && w.Machine == machine &&
                        (level != "line" || w.Line == KpiRun.Line));
                    if (point is null)
                    {
                        problems.Add($"no kpi point for {level} {machine} window {window}");
                        continue;
                    }
                    var machines = level == "machine" ? [truth[machine]] : truth.Values.ToList();
                    var e = machines.Aggregate(ExpectedKpi.Zero, (sum, s) => sum.Add(ExpectedKpi.Compute(s, point.FromNs, point.ToNs, KpiRun.MaxSampleGap)));
                    var p = new List<string>();
                    Ratio(p, "availability", e.Availability, point);
                    Ratio(p, "performance", e.Performance, point);
                    Ratio(p, "quality", e.Quality, point);
                    Ratio(p, "oee", e.Oee, point);
                    Exact(p, "parts_total", e.PartsTotal, point.Fields);
                    Exact(p, "parts_good", e.PartsGood, point.Fields);
                    Exact(p, "parts_reject", e.PartsReject, point.Fields);
                    Exact(p, "stops", e.Stops, point.Fields);
                    Exact(p, "failures", e.Failures, point.Fields);
                    Close(p, "run_s", e.RunS, point.Fields, DurationTolerance * machines.Count);
                    Close(p, "planned_down_s", e.PlannedS, point.Fields, DurationTolerance * machines.Count);
                    Close(p, "unplanned_down_s", e.IdleS + e.SetupS + e.FaultS, point.Fields, DurationTolerance * machines.Count);
                    if (p.Count > 0)
                    {
                        problems.Add($"{point}: {string.Join("; ", p)} (truth: {e})");
                    }
                }
            }
        }
        return problems;
    }

    /// <summary>The rollup fields of one machine (one bucket or a sum of <paramref name="buckets"/>) against the truth.</summary>
    private static List<string> Compare(ExpectedKpi e, Dictionary<string, double> actual, long buckets)
    {
        var p = new List<string>();
        Exact(p, "buckets", buckets, actual);
        Close(p, "window_s", e.WindowS, actual, DurationTolerance);
        Close(p, "unknown_s", e.WindowS - e.KnownS, actual, DurationTolerance);
        Close(p, "planned_down_s", e.PlannedS, actual, DurationTolerance);
        Close(p, "run_s", e.RunS, actual, DurationTolerance);
        Close(p, "idle_s", e.IdleS, actual, DurationTolerance);
        Close(p, "setup_s", e.SetupS, actual, DurationTolerance);
        Close(p, "fault_s", e.FaultS, actual, DurationTolerance);
        Close(p, "power_known_s", e.KnownS, actual, DurationTolerance);
        Exact(p, "stops", e.Stops, actual);
        Exact(p, "failures", e.Failures, actual);
        Exact(p, "parts_total", e.PartsTotal, actual);
        Exact(p, "parts_good", e.PartsGood, actual);
        Exact(p, "parts_reject", e.PartsReject, actual);
        Close(p, "ideal_part_s", e.IdealPartS, actual, 1e-6 * Math.Max(1, e.IdealPartS));
        Close(p, "energy_kwh", e.EnergyKwh, actual, EnergyTolerance * e.EnergyKwh);
        return p;
    }

    private static void Exact(List<string> problems, string field, double expected, Dictionary<string, double> actual)
    {
        if (!actual.TryGetValue(field, out var value) || Math.Abs(value - expected) > 1e-9)
        {
            problems.Add(Text($"{field} {Show(actual, field)} != {expected}"));
        }
    }

    private static void Close(List<string> problems, string field, double expected, Dictionary<string, double> actual, double tolerance)
    {
        if (!actual.TryGetValue(field, out var value) || Math.Abs(value - expected) > tolerance + 1e-9)
        {
            problems.Add(Text($"{field} {Show(actual, field)} != {expected:0.######} (+-{tolerance:0.######})"));
        }
    }

    private static void Ratio(List<string> problems, string field, double? expected, WindowPoint point)
    {
        var actual = point.Field(field);
        if (expected is null != actual is null || (expected is { } e && actual is { } a && Math.Abs(a - e) > RatioTolerance))
        {
            problems.Add(Text($"{field} {actual?.ToString("0.####", CultureInfo.InvariantCulture) ?? "none"} != {expected?.ToString("0.####", CultureInfo.InvariantCulture) ?? "none"} (+-{RatioTolerance})"));
        }
    }

    private static string Show(Dictionary<string, double> actual, string field) =>
        actual.TryGetValue(field, out var v) ? v.ToString("0.######", CultureInfo.InvariantCulture) : "missing";

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
