using System.Globalization;

namespace IIoT.EndToEnd.Tests.Kpi;

/// <summary>
/// What the KPIs of a time range must be, worked out from the simulators' own truth with deliberately plain
/// code (no shared code with the cloud): each sample's state and power hold from its time until the next sample,
/// at most <c>maxGap</c>; a counter's increase belongs to the later sample; ideal part time = parts x the ideal
/// cycle time of that sample; a stop is a maximal stretch of idle/setup/fault, counted where it starts; a failure is
/// an entry into fault.
/// </summary>
internal sealed record ExpectedKpi(
    double WindowS, double KnownS, double RunS, double IdleS, double SetupS, double FaultS, double PlannedS,
    double PartsTotal, double PartsGood, double PartsReject, double IdealPartS, double EnergyKwh, int Stops, int Failures)
{
    public static readonly ExpectedKpi Zero = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public double PlannedProductionS => KnownS - PlannedS;

    public double? Availability => PlannedProductionS > 0 ? RunS / PlannedProductionS : null;

    public double? Performance => RunS > 0 ? IdealPartS / RunS : null;

    public double? Quality => PartsTotal > 0 ? PartsGood / PartsTotal : null;

    public double? Oee => Availability * Performance * Quality;

    public ExpectedKpi Add(ExpectedKpi o) => new(
        WindowS + o.WindowS, KnownS + o.KnownS, RunS + o.RunS, IdleS + o.IdleS, SetupS + o.SetupS, FaultS + o.FaultS,
        PlannedS + o.PlannedS, PartsTotal + o.PartsTotal, PartsGood + o.PartsGood, PartsReject + o.PartsReject,
        IdealPartS + o.IdealPartS, EnergyKwh + o.EnergyKwh, Stops + o.Stops, Failures + o.Failures);

    /// <summary>One machine over [fromNs, toNs).</summary>
    public static ExpectedKpi Compute(IReadOnlyList<TruthSample> samples, long fromNs, long toNs, TimeSpan maxGap)
    {
        var gapNs = (long)maxGap.TotalMilliseconds * 1_000_000;
        double known = 0, run = 0, idle = 0, setup = 0, fault = 0, planned = 0, energyKws = 0;
        double total = 0, good = 0, reject = 0, idealPart = 0;
        var stops = 0;
        var failures = 0;

        for (var i = 0; i < samples.Count; i++)
        {
            var s = samples[i];
            var holdEnd = Math.Min(i + 1 < samples.Count ? samples[i + 1].TimeNs : long.MaxValue, s.TimeNs + gapNs);
            var seconds = Math.Max(0, Math.Min(holdEnd, toNs) - Math.Max(s.TimeNs, fromNs)) / 1e9;
            known += seconds;
            energyKws += s.PowerKw * seconds;
            switch (s.State)
            {
                case "running": run += seconds; break;
                case "idle": idle += seconds; break;
                case "setup": setup += seconds; break;
                case "fault": fault += seconds; break;
                case "planned_stop": planned += seconds; break;
                default: throw new InvalidOperationException("unknown state in the truth: " + s.State);
            }

            if (s.TimeNs < fromNs || s.TimeNs >= toNs)
            {
                continue;
            }
            // The state just before this sample, or null when nothing was known then (first sample, or a gap).
            var before = i > 0 && samples[i - 1].TimeNs + gapNs >= s.TimeNs ? samples[i - 1] : null;
            if (i > 0)
            {
                var previous = samples[i - 1];
                var delta = s.PartsTotal - previous.PartsTotal;
                total += delta;
                good += s.PartsGood - previous.PartsGood;
                reject += s.PartsReject - previous.PartsReject;
                idealPart += delta * s.IdealCycleTimeS;
            }
            // A stop is a maximal stretch of idle/setup/fault, counted where it starts; a failure is an entry into fault.
            if (IsDown(s.State) && (before is null || !IsDown(before.State)))
            {
                stops++;
            }
            if (s.State == "fault" && before?.State != "fault")
            {
                failures++;
            }
        }
        return new ExpectedKpi((toNs - fromNs) / 1e9, known, run, idle, setup, fault, planned, total, good, reject, idealPart,
            energyKws / 3600, stops, failures);
    }

    private static bool IsDown(string state) => state is "idle" or "setup" or "fault";

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"window {WindowS:0.###} s, known {KnownS:0.###}, run {RunS:0.###}, idle {IdleS:0.###}, setup {SetupS:0.###}, fault {FaultS:0.###}, " +
        $"planned {PlannedS:0.###}, parts {PartsTotal}/{PartsGood}/{PartsReject}, ideal {IdealPartS:0.###} s, energy {EnergyKwh:0.#####} kWh, " +
        $"stops {Stops}, failures {Failures}, A {Availability:0.####} P {Performance:0.####} Q {Quality:0.####} OEE {Oee:0.####}");
}
