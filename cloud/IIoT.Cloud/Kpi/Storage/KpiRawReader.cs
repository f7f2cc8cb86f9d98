using System.Text.Json;
using IIoT.Cloud.Kpi.Arithmetic;
using IIoT.Cloud.Kpi.Options;

namespace IIoT.Cloud.Kpi.Storage;

/// <summary>Reads the raw telemetry and loss ledger the KPIs are computed from, and the stored rollups.</summary>
internal sealed class KpiRawReader
{
    private const string GroupByMachine = " GROUP BY \"site\",\"area\",\"line\",\"machine\"";

    private readonly InfluxQueryClient _client;
    private readonly Dictionary<string, Input> _inputs = new(StringComparer.Ordinal);
    private readonly string _numberMeasurements;
    private readonly string _stateMeasurements;

    public KpiRawReader(InfluxQueryClient client, KpiOptions options)
    {
        _client = client;
        var signals = options.Signals;
        Add(signals.EffectiveState, Input.State);
        Add(signals.EffectivePartsTotal, Input.PartsTotal);
        Add(signals.EffectivePartsGood, Input.PartsGood);
        Add(signals.EffectivePartsReject, Input.PartsReject);
        Add(signals.EffectiveIdealCycleTimeS, Input.IdealCycleTimeS);
        Add(signals.EffectivePowerKw, Input.PowerKw);
        _numberMeasurements = string.Join(",", _inputs.Where(i => i.Value != Input.State).Select(i => InfluxQl.Identifier(i.Key)));
        _stateMeasurements = string.Join(",", signals.EffectiveState.Select(InfluxQl.Identifier));
    }

    private enum Input
    {
        State,
        PartsTotal,
        PartsGood,
        PartsReject,
        IdealCycleTimeS,
        PowerKw,
    }

    /// <summary>
    /// Every KPI input sample in <paramref name="range"/> per machine (sorted by time; the aliases of an input merged),
    /// optionally of one machine only (site, line, machine) and optionally the state signal only.
    /// </summary>
    public async Task<SortedDictionary<MachineKey, MachineSamples>> ReadSamplesAsync(
        string database, TimeRange range, (string Site, string Line, string Machine)? only, bool statesOnly, CancellationToken cancellationToken)
    {
        var filter = only is { } m ? InfluxQl.TagFilter(("site", m.Site), ("line", m.Line), ("machine", m.Machine)) : "";
        var where = $" WHERE {InfluxQl.TimeRange(range.FromNs, range.ToNs)}{filter}{GroupByMachine}";
        // A query over several measurements resolves a field to one type (the others read as null): states and
        // numbers are asked for apart, with explicit casts (::float also returns integer fields). One statement per
        // request: influxd answers a multi-statement query on a missing database with nothing but "not executed".
        using var states = await _client.QueryAsync(database,
            $"SELECT \"value\"::string AS \"value\",\"quality\" FROM {_stateMeasurements}{where}", cancellationToken).ConfigureAwait(false);
        using var numbers = statesOnly ? null : await _client.QueryAsync(database,
            $"SELECT \"value\"::float AS \"value\",\"quality\" FROM {_numberMeasurements}{where}", cancellationToken).ConfigureAwait(false);
        var machines = new SortedDictionary<MachineKey, MachineSamples>();
        var all = numbers is null ? InfluxResults.Series(states) : InfluxResults.Series(states).Concat(InfluxResults.Series(numbers));
        foreach (var series in all)
        {
            var key = new MachineKey(series.Tag("site"), series.Tag("area"), series.Tag("line"), series.Tag("machine"));
            if (key.Machine.Length == 0 || !_inputs.TryGetValue(series.Name, out var input))
            {
                continue;
            }
            if (!machines.TryGetValue(key, out var samples))
            {
                machines[key] = samples = new MachineSamples();
            }
            var valueColumn = series.Column("value");
            var qualityColumn = series.Column("quality");
            if (input == Input.State)
            {
                var before = samples.States.Count;
                foreach (var row in series.Rows())
                {
                    var value = valueColumn < 0 ? default : row[valueColumn];
                    var state = value.ValueKind switch
                    {
                        JsonValueKind.String => value.GetString()!,
                        JsonValueKind.Number => value.GetRawText(),
                        _ => "",
                    };
                    samples.States.Add(new StateSample(row[0].GetInt64(), state, state.Length > 0 && IsGood(row, qualityColumn)));
                }
                if (before > 0)
                {
                    // A second alias of the state signal: merge by time (stable, so equal timestamps keep the answer's order).
                    var sorted = samples.States.OrderBy(s => s.TimeNs).ToList();
                    samples.States.Clear();
                    samples.States.AddRange(sorted);
                }
                continue;
            }
            var list = input switch
            {
                Input.PartsTotal => samples.PartsTotal,
                Input.PartsGood => samples.PartsGood,
                Input.PartsReject => samples.PartsReject,
                Input.IdealCycleTimeS => samples.IdealCycleTimeS,
                _ => samples.PowerKw,
            };
            var existing = list.Count;
            foreach (var row in series.Rows())
            {
                var value = valueColumn < 0 ? default : row[valueColumn];
                var number = value.ValueKind switch
                {
                    JsonValueKind.Number => value.GetDouble(),
                    JsonValueKind.True => 1,
                    JsonValueKind.False => 0,
                    _ => double.NaN,
                };
                var good = !double.IsNaN(number) && IsGood(row, qualityColumn);
                list.Add(new NumberSample(row[0].GetInt64(), good ? number : 0, good));
            }
            if (existing > 0)
            {
                var sorted = list.OrderBy(s => s.TimeNs).ToList();
                list.Clear();
                list.AddRange(sorted);
            }
        }
        return machines;
    }

    /// <summary>The spans of the tenant's loss records that overlap <paramref name="range"/> (tenant-wide: they name no machine).</summary>
    public async Task<List<TimeRange>> ReadLossesAsync(string database, TimeRange range, CancellationToken cancellationToken)
    {
        // A record is written when the loss is noticed, after the span it describes: records older than the range cannot overlap it.
        var query = $"SELECT \"first_ns\",\"last_ns\" FROM \"iiot_loss\" WHERE time >= {InfluxQl.Time(range.FromNs)}";
        using var document = await _client.QueryAsync(database, query, cancellationToken).ConfigureAwait(false);
        var spans = new List<TimeRange>();
        foreach (var series in InfluxResults.Series(document))
        {
            var firstColumn = series.Column("first_ns");
            var lastColumn = series.Column("last_ns");
            foreach (var row in series.Rows())
            {
                var recorded = row[0].GetInt64();
                var first = ReadLong(row, firstColumn);
                var last = ReadLong(row, lastColumn);
                // An unknown end is the record's own time.
                first = first > 0 ? first : (last > 0 ? last : recorded);
                last = last >= first ? last : first;
                var span = new TimeRange(first, last + 1);
                if (span.Overlaps(range))
                {
                    spans.Add(span);
                }
            }
        }
        spans.Sort((a, b) => a.FromNs.CompareTo(b.FromNs));
        return spans;
    }

    /// <summary>
    /// The stored state timelines (kpi_state) of one machine's buckets starting in <paramref name="range"/>: bucket
    /// start -> its spans (each from its offset to the next one or the bucket end).
    /// </summary>
    public async Task<SortedDictionary<long, List<(long FromNs, string State)>>> ReadStateSpansAsync(
        string database, string site, string line, string machine, TimeRange range, CancellationToken cancellationToken)
    {
        var query = $"SELECT \"spans\" FROM \"{RollupFields.StateMeasurement}\" WHERE {InfluxQl.TimeRange(range.FromNs, range.ToNs)}" +
            InfluxQl.TagFilter(("site", site), ("line", line), ("machine", machine));
        using var document = await _client.QueryAsync(database, query, cancellationToken).ConfigureAwait(false);
        var buckets = new SortedDictionary<long, List<(long, string)>>();
        foreach (var series in InfluxResults.Series(document))
        {
            var column = series.Column("spans");
            foreach (var row in series.Rows())
            {
                if (column < 0 || row[column].ValueKind != JsonValueKind.String)
                {
                    continue;
                }
                var bucket = row[0].GetInt64();
                var spans = new List<(long, string)>();
                using var json = JsonDocument.Parse(row[column].GetString()!);
                foreach (var span in json.RootElement.EnumerateArray())
                {
                    spans.Add((bucket + span[0].GetInt64(), span[1].GetString() ?? ""));
                }
                buckets[bucket] = spans;
            }
        }
        return buckets;
    }

    /// <summary>The summed kpi_rollup of each machine over each of <paramref name="windows"/>.</summary>
    public async Task<List<Dictionary<MachineKey, KpiRollup>>> ReadRollupSumsAsync(
        string database, IReadOnlyList<TimeRange> windows, CancellationToken cancellationToken)
    {
        var result = new List<Dictionary<MachineKey, KpiRollup>>(windows.Count);
        foreach (var window in windows)
        {
            var query = $"SELECT {RollupFields.SumSelect} FROM \"{RollupFields.RollupMeasurement}\" WHERE {InfluxQl.TimeRange(window.FromNs, window.ToNs)}{GroupByMachine}";
            using var document = await _client.QueryAsync(database, query, cancellationToken).ConfigureAwait(false);
            var sums = new Dictionary<MachineKey, KpiRollup>();
            foreach (var series in InfluxResults.Series(document))
            {
                var key = new MachineKey(series.Tag("site"), series.Tag("area"), series.Tag("line"), series.Tag("machine"));
                var columns = RollupFields.Names.Select(series.Column).ToArray();
                foreach (var row in series.Rows())
                {
                    var values = new double[columns.Length];
                    for (var c = 0; c < columns.Length; c++)
                    {
                        values[c] = columns[c] >= 0 && row[columns[c]].ValueKind == JsonValueKind.Number ? row[columns[c]].GetDouble() : 0;
                    }
                    sums[key] = RollupFields.FromValues(values);
                }
            }
            result.Add(sums);
        }
        return result;
    }

    private static bool IsGood(JsonElement row, int qualityColumn)
    {
        if (qualityColumn < 0)
        {
            return true;
        }
        var quality = row[qualityColumn];
        // Points written by other tools may have no quality field: their values count as good.
        return quality.ValueKind != JsonValueKind.String || quality.ValueEquals("good"u8);
    }

    private static long ReadLong(JsonElement row, int column) =>
        column >= 0 && row[column].ValueKind == JsonValueKind.Number && row[column].TryGetInt64(out var value) ? value : 0;

    private void Add(IReadOnlyList<string> measurements, Input input)
    {
        foreach (var measurement in measurements)
        {
            _inputs[measurement] = input;
        }
    }
}
