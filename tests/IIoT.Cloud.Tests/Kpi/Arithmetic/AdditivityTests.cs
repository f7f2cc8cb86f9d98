using IIoT.Cloud.Kpi.Arithmetic;

namespace IIoT.Cloud.Tests.Kpi.Arithmetic;

/// <summary>
/// Property: a window computed directly equals the sum of its buckets, and each bucket computed from only the
/// samples in [b - Lookback, b + L) (what the service queries) equals the bucket computed from all samples. Seeded
/// random machines with gaps, bad quality, unmapped names, resets, rollovers, duplicates and planned downtime.
/// </summary>
public sealed class AdditivityTests
{
    private const long Second = 1_000_000_000;

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 40)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Window_equals_sum_of_buckets_and_a_bucket_needs_only_its_lookback(int seed)
    {
        var random = new Random(seed);
        var settings = new KpiSettings
        {
            MaxSampleGap = TimeSpan.FromSeconds(random.Next(2, 20)),
            MaxCounterGap = TimeSpan.FromSeconds(random.Next(5, 60)),
            CounterRollover = 1000,
        };
        var bucketNs = random.Next(5, 40) * Second + random.Next(0, 1000);   // not a whole number of seconds
        var window = new TimeRange(MachineFeed.T0, MachineFeed.T0 + 100 * bucketNs);
        var samples = RandomMachine(random, new TimeRange(window.FromNs - 120 * Second, window.ToNs + 60 * Second));
        var planned = RandomPlan(random, new TimeRange(window.FromNs - 120 * Second, window.ToNs + 60 * Second));

        var direct = RollupCalculator.Compute(samples, window, planned, settings);
        var sum = KpiRollup.Zero;
        for (var b = window.FromNs; b < window.ToNs; b += bucketNs)
        {
            var bucket = new TimeRange(b, b + bucketNs);
            var full = RollupCalculator.Compute(samples, bucket, planned, settings);
            var sliced = RollupCalculator.Compute(Slice(samples, new TimeRange(b - settings.Lookback.Ticks * 100, bucket.ToNs)), bucket, planned, settings);
            RollupCalculatorTests.AssertSame(full, sliced);
            Assert.Equal(bucket.DurationS, full.PlannedDownS + full.UnknownS + full.RunS + full.IdleS + full.SetupS + full.FaultS, 6);
            sum = sum.Add(full);
        }
        RollupCalculatorTests.AssertSame(direct, sum);
        // The random data exercises the parts of the rollup (failures too, in most seeds; not asserted per seed).
        Assert.True(direct.Stops > 0 && direct.PartsTotal > 0 && direct.UnknownS > 0 && direct.PlannedDownS > 0 && direct.EnergyKwh > 0, direct.ToString());
    }

    private static MachineSamples RandomMachine(Random random, TimeRange span)
    {
        string[] names = ["running", "running", "running", "idle", "setup", "fault", "planned_stop", "warming_up"];
        var samples = new MachineSamples();
        double total = 900, good = 0, reject = 0;
        var state = "running";
        for (var t = span.FromNs; t < span.ToNs; t += random.Next(1, 4) * Second / (random.Next(0, 4) == 0 ? 2 : 1))
        {
            if (random.Next(40) == 0)
            {
                t += random.Next(5, 90) * Second;   // a gap
            }
            if (random.Next(10) == 0)
            {
                state = names[random.Next(names.Length)];
            }
            if (state == "running" && random.Next(3) == 0)
            {
                total = (total + 1) % 1000;         // rolls over at 1000
                if (random.Next(5) == 0) { reject++; } else { good++; }
            }
            if (random.Next(200) == 0)
            {
                good = 0;                           // reset
            }
            var ok = random.Next(25) != 0;
            samples.States.Add(new StateSample(t, state, ok));
            samples.PartsTotal.Add(new NumberSample(t, total, random.Next(30) != 0));
            samples.PartsGood.Add(new NumberSample(t, good, true));
            samples.PartsReject.Add(new NumberSample(t, reject, true));
            samples.IdealCycleTimeS.Add(new NumberSample(t, random.Next(1, 5), ok));
            samples.PowerKw.Add(new NumberSample(t, random.NextDouble() * 10, random.Next(15) != 0));
            if (random.Next(20) == 0)
            {
                // A duplicate (replayed) sample.
                samples.States.Add(new StateSample(t, state, ok));
                samples.PartsTotal.Add(new NumberSample(t, total, true));
            }
        }
        return samples;
    }

    private static List<TimeRange> RandomPlan(Random random, TimeRange span)
    {
        var result = new List<TimeRange>();
        for (var t = span.FromNs; t < span.ToNs; t += random.Next(30, 200) * Second)
        {
            result.Add(new TimeRange(t, t + random.Next(5, 60) * Second));
        }
        return result;
    }

    private static MachineSamples Slice(MachineSamples s, TimeRange range) => new()
    {
        States = [.. s.States.Where(x => range.Contains(x.TimeNs))],
        PartsTotal = [.. s.PartsTotal.Where(x => range.Contains(x.TimeNs))],
        PartsGood = [.. s.PartsGood.Where(x => range.Contains(x.TimeNs))],
        PartsReject = [.. s.PartsReject.Where(x => range.Contains(x.TimeNs))],
        IdealCycleTimeS = [.. s.IdealCycleTimeS.Where(x => range.Contains(x.TimeNs))],
        PowerKw = [.. s.PowerKw.Where(x => range.Contains(x.TimeNs))],
    };
}
