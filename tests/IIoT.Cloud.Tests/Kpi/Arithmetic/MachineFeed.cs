using IIoT.Cloud.Kpi.Arithmetic;

namespace IIoT.Cloud.Tests.Kpi.Arithmetic;

/// <summary>Builds the raw samples of one machine for hand-computed cases; times are seconds after <see cref="T0"/>.</summary>
internal sealed class MachineFeed
{
    /// <summary>2026-03-02 00:00:00 UTC (a Monday, no DST nearby).</summary>
    public static readonly long T0 = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000_000;

    public MachineSamples Samples { get; } = new();

    public static long At(double seconds) => T0 + (long)Math.Round(seconds * 1e9);

    public static TimeRange Range(double fromS, double toS) => new(At(fromS), At(toS));

    /// <summary>Every signal at once, as the simulators publish them each tick.</summary>
    public MachineFeed Tick(double s, string state, double total, double good, double reject, double idealS = 10, double powerKw = 5)
    {
        State(s, state);
        Samples.PartsTotal.Add(new NumberSample(At(s), total, true));
        Samples.PartsGood.Add(new NumberSample(At(s), good, true));
        Samples.PartsReject.Add(new NumberSample(At(s), reject, true));
        Samples.IdealCycleTimeS.Add(new NumberSample(At(s), idealS, true));
        Samples.PowerKw.Add(new NumberSample(At(s), powerKw, true));
        return this;
    }

    public MachineFeed State(double s, string state, bool good = true)
    {
        Samples.States.Add(new StateSample(At(s), state, good));
        return this;
    }

    public MachineFeed Total(double s, double value, bool good = true)
    {
        Samples.PartsTotal.Add(new NumberSample(At(s), value, good));
        return this;
    }

    public MachineFeed Ideal(double s, double value)
    {
        Samples.IdealCycleTimeS.Add(new NumberSample(At(s), value, true));
        return this;
    }

    public MachineFeed Power(double s, double kw, bool good = true)
    {
        Samples.PowerKw.Add(new NumberSample(At(s), kw, good));
        return this;
    }

    /// <summary>
    /// A machine that runs through [fromS, toS) with one sample per second (plus one lookback sample at fromS - 1),
    /// making a part every <paramref name="cycleS"/> seconds; every <paramref name="rejectEvery"/>-th part is scrap.
    /// </summary>
    public static MachineFeed Running(double fromS, double toS, int cycleS, double idealS, int rejectEvery = 0, double powerKw = 5, double startCount = 100)
    {
        var feed = new MachineFeed();
        for (var s = (int)fromS - 1; s < (int)toS; s++)
        {
            var made = (long)Math.Floor((s - fromS + 1) / cycleS);
            var reject = rejectEvery > 0 ? made / rejectEvery : 0;
            feed.Tick(s, "running", startCount + made, startCount + made - reject, reject, idealS, powerKw);
        }
        return feed;
    }

    public static KpiRollup SumOfBuckets(MachineSamples samples, TimeRange window, long bucketNs, IReadOnlyList<TimeRange> planned, KpiSettings settings)
    {
        var sum = KpiRollup.Zero;
        for (var b = window.FromNs; b < window.ToNs; b += bucketNs)
        {
            sum = sum.Add(RollupCalculator.Compute(samples, new TimeRange(b, Math.Min(b + bucketNs, window.ToNs)), planned, settings));
        }
        return sum;
    }
}
