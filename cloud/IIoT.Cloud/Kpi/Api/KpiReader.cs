using System.Text.Json;
using IIoT.Cloud.Configuration;
using IIoT.Cloud.Kpi.Arithmetic;
using IIoT.Cloud.Kpi.Options;
using IIoT.Cloud.Kpi.Scheduling;
using IIoT.Cloud.Kpi.Storage;
using IIoT.Contracts;
using Microsoft.Extensions.Options;

namespace IIoT.Cloud.Kpi.Api;

/// <summary><see cref="IKpiReader"/> over InfluxQL: kpi points of the tenant's database, and its raw state samples.</summary>
internal sealed class KpiReader(
    InfluxQueryClient client, KpiRawReader raw, SiteCalendars calendars, IOptions<KpiOptions> options, IOptions<CloudOptions> cloud, TimeProvider clock)
    : IKpiReader
{
    /// <summary>Longest range of a timeline or stops query (raw samples are read).</summary>
    public static readonly TimeSpan MaxRawRange = TimeSpan.FromDays(2);

    /// <summary>Longest range of a trend query.</summary>
    public static readonly TimeSpan MaxTrendRange = TimeSpan.FromDays(31);

    private static readonly long LatestLookbackNs = KpiTime.Nanoseconds(TimeSpan.FromDays(2));
    private readonly KpiSettings _settings = options.Value.ToSettings();

    public async Task<IReadOnlyList<KpiRow>> GetKpisAsync(string tenant, KpiQuery query, CancellationToken cancellationToken)
    {
        if (Database(tenant) is not { } database)
        {
            return [];
        }
        var statement = $"SELECT * FROM \"{RollupFields.KpiMeasurement}\" WHERE time >= {InfluxQl.Time(UnixTime.Now(clock) - LatestLookbackNs)}" +
            $"{Filter(query)} GROUP BY * ORDER BY time DESC LIMIT 1";
        var rows = await ReadRowsAsync(database, statement, cancellationToken).ConfigureAwait(false);
        // One series per shift name: keep the latest shift (and generally the latest point) per level, asset and window.
        var latest = new Dictionary<(string, string, string, string, string, string), (long Time, KpiRow Row)>();
        foreach (var (time, row) in rows)
        {
            var key = (row.Level, row.Site, row.Area, row.Line, row.Machine, row.Window);
            if (!latest.TryGetValue(key, out var current) || time > current.Time)
            {
                latest[key] = (time, row);
            }
        }
        return latest.Values.Select(v => v.Row).OrderBy(LevelOrder).ThenBy(r => r.Site, StringComparer.Ordinal)
            .ThenBy(r => r.Area, StringComparer.Ordinal).ThenBy(r => r.Line, StringComparer.Ordinal)
            .ThenBy(r => r.Machine, StringComparer.Ordinal).ThenBy(WindowOrder).ToList();
    }

    public async Task<IReadOnlyList<KpiRow>> GetTrendAsync(string tenant, KpiQuery query, TimeRange range, CancellationToken cancellationToken)
    {
        Check(range, MaxTrendRange);
        if (Database(tenant) is not { } database)
        {
            return [];
        }
        var statement = $"SELECT * FROM \"{RollupFields.KpiMeasurement}\" WHERE {InfluxQl.TimeRange(range.FromNs, range.ToNs)}{Filter(query)} GROUP BY *";
        var rows = await ReadRowsAsync(database, statement, cancellationToken).ConfigureAwait(false);
        return rows.OrderBy(r => r.Time).ThenBy(r => LevelOrder(r.Row)).ThenBy(r => r.Row.Site, StringComparer.Ordinal)
            .ThenBy(r => r.Row.Area, StringComparer.Ordinal).ThenBy(r => r.Row.Line, StringComparer.Ordinal)
            .ThenBy(r => r.Row.Machine, StringComparer.Ordinal).ThenBy(r => WindowOrder(r.Row)).Select(r => r.Row).ToList();
    }

    public async Task<IReadOnlyList<StateSpan>> GetTimelineAsync(
        string tenant, string site, string line, string machine, TimeRange range, CancellationToken cancellationToken)
    {
        Check(range, MaxRawRange);
        if (Database(tenant) is not { } database)
        {
            return [];
        }
        // Computed buckets come from kpi_state (one point per bucket); the rest (the buckets not computed yet, or
        // never: older than the start-up recompute) from the raw samples.
        var bucketNs = KpiTime.Nanoseconds(options.Value.BucketLength);
        var first = KpiTime.Floor(range.FromNs, bucketNs);
        var stored = await raw.ReadStateSpansAsync(database, site, line, machine, new TimeRange(first, range.ToNs), cancellationToken).ConfigureAwait(false);
        var spans = new List<StateSpan>();
        var gaps = new List<TimeRange>();
        var covered = range.FromNs;
        foreach (var (bucket, bucketSpans) in stored)
        {
            if (bucket > covered)
            {
                gaps.Add(new TimeRange(covered, Math.Min(bucket, range.ToNs)));
            }
            for (var i = 0; i < bucketSpans.Count; i++)
            {
                var end = i + 1 < bucketSpans.Count ? bucketSpans[i + 1].FromNs : bucket + bucketNs;
                var clipped = new TimeRange(bucketSpans[i].FromNs, end).Intersect(range);
                if (!clipped.IsEmpty)
                {
                    spans.Add(new StateSpan(clipped.FromNs, clipped.ToNs, bucketSpans[i].State));
                }
            }
            covered = Math.Max(covered, bucket + bucketNs);
        }
        if (covered < range.ToNs)
        {
            gaps.Add(new TimeRange(covered, range.ToNs));
        }
        // Usually a gap or two (the tail not computed yet); a machine with data now and then has many: read those at once.
        var reads = gaps.Count <= 8 ? gaps : [new TimeRange(gaps[0].FromNs, gaps[^1].ToNs)];
        var any = stored.Count > 0;
        foreach (var read in reads)
        {
            var states = await ReadStatesAsync(database, site, line, machine, read, cancellationToken).ConfigureAwait(false);
            any |= states is not null;
            foreach (var gap in gaps.Where(g => g.Overlaps(read)))
            {
                spans.AddRange(ConditionTimeline.Build(states ?? [], gap, _settings).Select(s => new StateSpan(s.FromNs, s.ToNs, s.State)));
            }
        }
        return any ? Merge(spans) : []; // nothing at all: no such machine
    }

    /// <summary>Sorted, with touching spans of the same state joined (bucket boundaries are not state changes).</summary>
    private static List<StateSpan> Merge(List<StateSpan> spans)
    {
        spans.Sort((a, b) => a.FromNs.CompareTo(b.FromNs));
        var merged = new List<StateSpan>(spans.Count);
        foreach (var span in spans)
        {
            if (merged.Count > 0 && merged[^1].State == span.State && merged[^1].ToNs == span.FromNs)
            {
                merged[^1] = merged[^1] with { ToNs = span.ToNs };
            }
            else
            {
                merged.Add(span);
            }
        }
        return merged;
    }

    public async Task<IReadOnlyList<Stop>> GetStopsAsync(
        string tenant, string site, string line, string machine, TimeRange range, CancellationToken cancellationToken)
    {
        Check(range, MaxRawRange);
        if (Database(tenant) is not { } database)
        {
            return [];
        }
        var states = await ReadStatesAsync(database, site, line, machine, range, cancellationToken).ConfigureAwait(false);
        if (states is null)
        {
            return [];
        }
        var calendar = calendars.For(tenant, site);
        return StopFinder.Find(states, range, _settings, calendar.PlannedDowntime(new TimeRange(range.FromNs - 1, range.ToNs)));
    }

    private static void Check(TimeRange range, TimeSpan max)
    {
        if (range.IsEmpty || range.DurationNs > KpiTime.Nanoseconds(max))
        {
            throw new ArgumentOutOfRangeException(nameof(range), $"The range must be non-empty and at most {max.TotalDays:0.#} days.");
        }
    }

    /// <summary>The tenant's database; null for an unknown tenant or when KPIs are not available (off, InfluxDB 2.x).</summary>
    private string? Database(string tenant)
    {
        if (!options.Value.Enabled || cloud.Value.Storage.Kind != StorageKind.InfluxV1)
        {
            return null;
        }
        var database = cloud.Value.Tenants.FirstOrDefault(t => t.Id == tenant)?.Database;
        return string.IsNullOrEmpty(database) ? null : database;
    }

    /// <summary>The machine's state samples from MaxSampleGap before the range (a state held into it); null without any.</summary>
    private async Task<List<StateSample>?> ReadStatesAsync(
        string database, string site, string line, string machine, TimeRange range, CancellationToken cancellationToken)
    {
        var from = range.FromNs - KpiTime.Nanoseconds(_settings.MaxSampleGap);
        var machines = await raw.ReadSamplesAsync(database, new TimeRange(from, range.ToNs), (site, line, machine), statesOnly: true, cancellationToken)
            .ConfigureAwait(false);
        return machines.Count switch
        {
            0 => null,
            1 => machines.Values.First().States,
            // The same site/line/machine under two areas: one machine as far as the route can tell.
            _ => machines.Values.SelectMany(m => m.States).OrderBy(s => s.TimeNs).ToList(),
        };
    }

    private static string Filter(KpiQuery query) => InfluxQl.TagFilter(
        ("level", query.Level), ("window", query.Window), ("site", query.Site), ("line", query.Line), ("machine", query.Machine));

    private async Task<List<(long Time, KpiRow Row)>> ReadRowsAsync(string database, string statement, CancellationToken cancellationToken)
    {
        using var document = await client.QueryAsync(database, statement, cancellationToken).ConfigureAwait(false);
        var rows = new List<(long, KpiRow)>();
        foreach (var series in InfluxResults.Series(document))
        {
            var columns = series.Columns();
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < columns.Length; i++)
            {
                index[columns[i]] = i;
            }
            foreach (var values in series.Rows())
            {
                rows.Add((values[0].GetInt64(), ToRow(series, index, values)));
            }
        }
        return rows;
    }

    private KpiRow ToRow(InfluxSeries series, Dictionary<string, int> index, JsonElement values)
    {
        var totals = new double[RollupFields.Names.Length];
        for (var i = 0; i < totals.Length; i++)
        {
            totals[i] = Number(values, index, RollupFields.Names[i]) ?? 0;
        }
        var rollup = RollupFields.FromValues(totals);
        // Derived again from the totals rather than read: a figure that became undefined leaves its old field behind.
        var figures = KpiFigures.From(rollup, _settings.MaxUnknownShare);
        var complete = index.TryGetValue("complete", out var c) && values[c].ValueKind == JsonValueKind.True;
        var time = values[0].GetInt64();
        var from = Long(values, index, "from_ns") ?? time;
        var to = Long(values, index, "to_ns") ?? time;
        var asOf = Long(values, index, "asof_ns") ?? to;
        var shift = series.Tag("shift");
        return new KpiRow(series.Tag("level"), series.Tag("site"), series.Tag("area"), series.Tag("line"), series.Tag("machine"),
            series.Tag("window"), shift.Length == 0 ? null : shift, from, to, figures, rollup, complete, figures.Coverage, asOf);
    }

    private static double? Number(JsonElement values, Dictionary<string, int> index, string column) =>
        index.TryGetValue(column, out var i) && values[i].ValueKind == JsonValueKind.Number ? values[i].GetDouble() : null;

    private static long? Long(JsonElement values, Dictionary<string, int> index, string column) =>
        index.TryGetValue(column, out var i) && values[i].ValueKind == JsonValueKind.Number && values[i].TryGetInt64(out var value) ? value : null;

    private static int LevelOrder(KpiRow row) => row.Level switch
    {
        KpiWindows.SiteLevel => 0,
        KpiWindows.LineLevel => 1,
        _ => 2,
    };

    private static int WindowOrder(KpiRow row) => row.Window switch
    {
        KpiWindows.Rolling15m => 0,
        KpiWindows.Rolling1h => 1,
        KpiWindows.Shift => 2,
        _ => 3,
    };
}
