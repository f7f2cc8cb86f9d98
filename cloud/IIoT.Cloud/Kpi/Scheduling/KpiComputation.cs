using IIoT.Cloud.Kpi.Arithmetic;
using IIoT.Cloud.Kpi.Options;
using IIoT.Cloud.Kpi.Storage;
using Microsoft.Extensions.Options;

namespace IIoT.Cloud.Kpi.Scheduling;

/// <summary>
/// One tenant's KPI cycle, entirely from what is in InfluxDB: recompute the rollups of the buckets due (recent,
/// marked late, or since the start of the day after a start), then sum the stored rollups of each window (rolling
/// 15m and 1h, and the shifts and days holding a recomputed bucket) per machine, line and site and write them.
/// No state but the caller's "computed until" is kept, so any replica computes the same points.
/// </summary>
internal sealed class KpiComputation
{
    private static readonly long Rolling15mNs = KpiTime.Nanoseconds(TimeSpan.FromMinutes(15));
    private static readonly long Rolling1hNs = KpiTime.Nanoseconds(TimeSpan.FromHours(1));

    private readonly KpiRawReader _reader;
    private readonly KpiPointWriter _writer;
    private readonly SiteCalendars _calendars;
    private readonly KpiOptions _options;
    private readonly KpiSettings _settings;
    private readonly long _bucketNs;
    private readonly long _lookbackNs;
    private readonly int _chunkBuckets;

    public KpiComputation(KpiRawReader reader, KpiPointWriter writer, SiteCalendars calendars, IOptions<KpiOptions> options)
    {
        _reader = reader;
        _writer = writer;
        _calendars = calendars;
        _options = options.Value;
        _settings = _options.ToSettings();
        _bucketNs = KpiTime.Nanoseconds(_options.BucketLength);
        _lookbackNs = KpiTime.Nanoseconds(_settings.Lookback);
        // One raw query spans at most an hour (or 120 buckets): bounded answers even for a day's recompute.
        _chunkBuckets = (int)Math.Clamp(Rolling1hNs / _bucketNs, 1, 120);
    }

    /// <param name="computedUntilNs">End of the tenant's last successful cycle on this replica; null after a start.</param>
    /// <param name="dirty">Buckets marked by late data.</param>
    public async Task<KpiCycleOutcome> RunAsync(
        string tenant, string database, long nowNs, long? computedUntilNs, IReadOnlyCollection<long> dirty, CancellationToken cancellationToken)
    {
        var end = KpiTime.Floor(nowNs, _bucketNs);
        var buckets = BucketsToCompute(tenant, nowNs, end, computedUntilNs, dirty);
        var sites = new SortedSet<string>(_calendars.ConfiguredSites(tenant), StringComparer.Ordinal);
        var rollups = 0;
        foreach (var run in Runs(buckets, _chunkBuckets))
        {
            rollups += await ComputeRollupsAsync(tenant, database, run, sites, cancellationToken).ConfigureAwait(false);
        }
        var points = await ComputeWindowsAsync(tenant, database, end, buckets, sites, cancellationToken).ConfigureAwait(false);
        return new KpiCycleOutcome(end, buckets.Count, rollups, points);
    }

    internal SortedSet<long> BucketsToCompute(string tenant, long nowNs, long end, long? computedUntilNs, IReadOnlyCollection<long> dirty)
    {
        var recentFrom = end - (_options.RecentBuckets * _bucketNs);
        long from;
        if (computedUntilNs is { } until)
        {
            // After failed cycles, everything since the last success (late data stored meanwhile was not marked).
            from = Math.Min(recentFrom, until - (_options.RecentBuckets * _bucketNs));
        }
        else
        {
            // A start: the current day and shift of every site, and the last hour for the rolling windows.
            from = Math.Min(recentFrom, end - Rolling1hNs);
            foreach (var site in _calendars.ConfiguredSites(tenant).Append(null))
            {
                var calendar = site is null ? ShiftCalendar.AllDay() : _calendars.For(tenant, site);
                from = Math.Min(from, calendar.DayAt(nowNs).FromNs);
                if (calendar.ShiftAt(nowNs) is { } shift)
                {
                    from = Math.Min(from, shift.Range.FromNs);
                }
            }
        }
        var oldest = end - KpiTime.Nanoseconds(_options.StartupLookback);
        from = KpiTime.Floor(Math.Min(recentFrom, Math.Max(from, oldest)), _bucketNs);
        var buckets = new SortedSet<long>();
        for (var b = from; b < end; b += _bucketNs)
        {
            buckets.Add(b);
        }
        foreach (var bucket in dirty)
        {
            // A bucket's rollup depends on the samples in [b - lookback, b + L): late samples in bucket d change the
            // buckets from d up to the last one whose lookback reaches back into d (held states, counter deltas).
            for (var b = bucket; b < bucket + _bucketNs + _lookbackNs && b < end; b += _bucketNs)
            {
                buckets.Add(b);
            }
        }
        return buckets;
    }

    /// <summary>Contiguous runs of buckets as ranges, each at most <paramref name="maxBuckets"/> long.</summary>
    internal List<TimeRange> Runs(SortedSet<long> buckets, int maxBuckets)
    {
        var runs = new List<TimeRange>();
        long start = 0, next = 0;
        var count = 0;
        foreach (var bucket in buckets)
        {
            if (count > 0 && (bucket != next || count == maxBuckets))
            {
                runs.Add(new TimeRange(start, next));
                count = 0;
            }
            if (count == 0)
            {
                start = bucket;
            }
            next = bucket + _bucketNs;
            count++;
        }
        if (count > 0)
        {
            runs.Add(new TimeRange(start, next));
        }
        return runs;
    }

    private async Task<int> ComputeRollupsAsync(string tenant, string database, TimeRange run, SortedSet<string> sites, CancellationToken cancellationToken)
    {
        var samples = await _reader.ReadSamplesAsync(database, new TimeRange(run.FromNs - _lookbackNs, run.ToNs), null, statesOnly: false, cancellationToken)
            .ConfigureAwait(false);
        var lines = new List<string>();
        foreach (var (machine, all) in samples)
        {
            sites.Add(machine.Site);
            var calendar = _calendars.For(tenant, machine.Site);
            for (var b = run.FromNs; b < run.ToNs; b += _bucketNs)
            {
                // A machine gets a rollup only for buckets it has input for, so the rollup never depends on the query range.
                if (SampleSlicer.Slice(all, b - _lookbackNs, b + _bucketNs) is { } slice)
                {
                    var bucket = new TimeRange(b, b + _bucketNs);
                    lines.Add(KpiPointWriter.RollupLine(machine, b, RollupCalculator.Compute(slice, bucket, calendar, _settings)));
                    lines.Add(KpiPointWriter.StateLine(machine, b, ConditionTimeline.Build(slice.States, bucket, _settings)));
                }
            }
        }
        await _writer.WriteAsync(database, lines, cancellationToken).ConfigureAwait(false);
        return lines.Count / 2;
    }

    private async Task<int> ComputeWindowsAsync(
        string tenant, string database, long end, SortedSet<long> buckets, SortedSet<string> sites, CancellationToken cancellationToken)
    {
        var windows = Windows(tenant, end, buckets, sites);
        var ranges = windows.Select(w => w.Summed).Distinct().ToList();
        var sums = await _reader.ReadRollupSumsAsync(database, ranges, cancellationToken).ConfigureAwait(false);
        var losses = await _reader.ReadLossesAsync(database, new TimeRange(ranges.Min(r => r.FromNs), end), cancellationToken).ConfigureAwait(false);
        var lines = new List<string>();
        foreach (var window in windows)
        {
            var perMachine = sums[ranges.IndexOf(window.Summed)];
            var lossy = losses.Exists(l => l.Overlaps(window.Summed));
            var machines = perMachine.Keys.Where(k => window.Site is null || k.Site == window.Site).Order().ToList();
            var lineSums = new SortedDictionary<MachineKey, KpiRollup>();
            var siteSums = new SortedDictionary<MachineKey, KpiRollup>();
            foreach (var machine in machines)
            {
                var rollup = perMachine[machine];
                lines.Add(KpiPointWriter.KpiLine(Point(KpiWindows.MachineLevel, machine, window, rollup, lossy)));
                Accumulate(lineSums, machine with { Machine = "" }, rollup);
                Accumulate(siteSums, new MachineKey(machine.Site, "", "", ""), rollup);
            }
            foreach (var (line, rollup) in lineSums)
            {
                lines.Add(KpiPointWriter.KpiLine(Point(KpiWindows.LineLevel, line, window, rollup, lossy)));
            }
            foreach (var (site, rollup) in siteSums)
            {
                lines.Add(KpiPointWriter.KpiLine(Point(KpiWindows.SiteLevel, site, window, rollup, lossy)));
            }
        }
        await _writer.WriteAsync(database, lines, cancellationToken).ConfigureAwait(false);
        return lines.Count;
    }

    /// <summary>The rolling windows ending at <paramref name="end"/>, and each site's shifts and days holding a computed bucket.</summary>
    internal List<KpiWindowSpec> Windows(string tenant, long end, SortedSet<long> buckets, IEnumerable<string> sites)
    {
        var windows = new List<KpiWindowSpec>
        {
            Rolling(KpiWindows.Rolling15m, Rolling15mNs, end),
            Rolling(KpiWindows.Rolling1h, Rolling1hNs, end),
        };
        var runs = Runs(buckets, int.MaxValue);
        foreach (var site in sites)
        {
            var calendar = _calendars.For(tenant, site);
            var seen = new HashSet<(string, string?, long)>();
            foreach (var run in runs)
            {
                foreach (var (name, range) in calendar.ShiftsIn(run))
                {
                    if (seen.Add((KpiWindows.Shift, name, range.FromNs)) && Calendar(KpiWindows.Shift, name, range, end, site) is { } shift)
                    {
                        windows.Add(shift);
                    }
                }
                for (var t = run.FromNs; t < run.ToNs;)
                {
                    var day = calendar.DayAt(t);
                    if (seen.Add((KpiWindows.Day, null, day.FromNs)) && Calendar(KpiWindows.Day, null, day, end, site) is { } window)
                    {
                        windows.Add(window);
                    }
                    t = Math.Max(day.ToNs, t + 1);
                }
            }
        }
        return windows;
    }

    private static KpiWindowSpec Rolling(string name, long lengthNs, long end)
    {
        var range = new TimeRange(end - lengthNs, end);
        return new KpiWindowSpec(name, null, range, range, end, null);
    }

    /// <summary>A calendar window is summed up to the last complete bucket and stamped with its start.</summary>
    private static KpiWindowSpec? Calendar(string name, string? shift, TimeRange range, long end, string site)
    {
        var summed = new TimeRange(range.FromNs, Math.Min(range.ToNs, end));
        return summed.IsEmpty ? null : new KpiWindowSpec(name, shift, range, summed, range.FromNs, site);
    }

    private KpiWindowPoint Point(string level, MachineKey asset, KpiWindowSpec window, KpiRollup totals, bool lossy)
    {
        var figures = KpiFigures.From(totals, _settings.MaxUnknownShare);
        return new KpiWindowPoint(level, asset, window.Window, window.Shift, window.Range, window.Summed.ToNs, window.TimeNs,
            totals, figures, figures.CoverageComplete && !lossy);
    }

    private static void Accumulate(SortedDictionary<MachineKey, KpiRollup> sums, MachineKey key, KpiRollup rollup) =>
        sums[key] = sums.TryGetValue(key, out var sum) ? sum.Add(rollup) : rollup;
}
