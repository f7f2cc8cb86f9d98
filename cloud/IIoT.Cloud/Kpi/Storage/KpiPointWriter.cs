using System.Globalization;
using System.Text;
using IIoT.Cloud.Kpi.Arithmetic;
using IIoT.Cloud.Storage;
using Microsoft.Extensions.Logging;

namespace IIoT.Cloud.Kpi.Storage;

/// <summary>
/// Writes kpi_rollup and kpi points as line protocol through the service's <see cref="IInfluxWriter"/>. The text
/// depends only on the inputs (fixed tag and field order, shortest round-trip numbers, no wall-clock field), so a
/// recomputation or another replica writes byte-identical points: InfluxDB keeps one point per series and time.
/// </summary>
internal sealed class KpiPointWriter(IInfluxWriter writer, ILogger<KpiPointWriter> logger)
{
    private const int LinesPerRequest = 5_000;

    public static string RollupLine(MachineKey machine, long bucketStartNs, KpiRollup rollup)
    {
        var line = new StringBuilder(400);
        line.Append(RollupFields.RollupMeasurement);
        AppendTags(line, machine, level: null, window: null, shift: null);
        line.Append(' ');
        AppendRollupFields(line, rollup);
        line.Append(' ').Append(bucketStartNs.ToString(CultureInfo.InvariantCulture)).Append('\n');
        return line.ToString();
    }

    /// <summary>
    /// The machine's state timeline within one bucket (measurement kpi_state, field spans: a JSON array of
    /// [offset ns from the bucket start, state] per span, each lasting until the next or the bucket end), so that a
    /// day's timeline is read from one point per bucket instead of every raw sample.
    /// </summary>
    public static string StateLine(MachineKey machine, long bucketStartNs, IReadOnlyList<ConditionSpan> spans)
    {
        var json = new StringBuilder("[");
        for (var i = 0; i < spans.Count; i++)
        {
            json.Append(i == 0 ? "[" : ",[").Append((spans[i].FromNs - bucketStartNs).ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(System.Text.Json.JsonSerializer.Serialize(spans[i].State)).Append(']');
        }
        json.Append(']');
        var line = new StringBuilder(200);
        line.Append(RollupFields.StateMeasurement);
        AppendTags(line, machine, level: null, window: null, shift: null);
        line.Append(" spans=\"");
        foreach (var c in json.ToString())
        {
            if (c is '"' or '\\')
            {
                line.Append('\\');
            }
            line.Append(c);
        }
        line.Append("\" ").Append(bucketStartNs.ToString(CultureInfo.InvariantCulture)).Append('\n');
        return line.ToString();
    }

    public static string KpiLine(KpiWindowPoint point)
    {
        var line = new StringBuilder(800);
        line.Append(RollupFields.KpiMeasurement);
        AppendTags(line, point.Asset, point.Level, point.Window, point.Shift);
        line.Append(' ');
        AppendRollupFields(line, point.Totals);
        var f = point.Figures;
        // Undefined figures (a zero denominator) are left out: line protocol has no null.
        AppendOptional(line, "planned_production_s", f.PlannedProductionS);
        AppendOptional(line, "unplanned_down_s", f.UnplannedDownS);
        AppendOptional(line, "availability", f.Availability);
        AppendOptional(line, "performance", f.Performance);
        AppendOptional(line, "quality", f.Quality);
        AppendOptional(line, "oee", f.Oee);
        AppendOptional(line, "mean_stop_s", f.MeanStopS);
        AppendOptional(line, "mtbf_s", f.MtbfS);
        AppendOptional(line, "mttr_s", f.MttrS);
        AppendOptional(line, "throughput_per_hour", f.ThroughputPerHour);
        AppendOptional(line, "scrap_rate", f.ScrapRate);
        AppendOptional(line, "energy_per_good_part_kwh", f.EnergyPerGoodPartKwh);
        AppendOptional(line, "coverage", f.Coverage);
        line.Append(",complete=").Append(point.Complete ? "true" : "false");
        line.Append(",from_ns=").Append(point.Range.FromNs.ToString(CultureInfo.InvariantCulture)).Append('i');
        line.Append(",to_ns=").Append(point.Range.ToNs.ToString(CultureInfo.InvariantCulture)).Append('i');
        line.Append(",asof_ns=").Append(point.AsOfNs.ToString(CultureInfo.InvariantCulture)).Append('i');
        line.Append(' ').Append(point.TimeNs.ToString(CultureInfo.InvariantCulture)).Append('\n');
        return line.ToString();
    }

    /// <summary>Writes the lines in requests of at most 5,000 lines.</summary>
    /// <exception cref="InfluxUnavailableException">InfluxDB is down or refuses the credentials.</exception>
    public async Task WriteAsync(string database, IReadOnlyList<string> lines, CancellationToken cancellationToken)
    {
        for (var first = 0; first < lines.Count; first += LinesPerRequest)
        {
            var text = new StringBuilder();
            for (var i = first; i < Math.Min(lines.Count, first + LinesPerRequest); i++)
            {
                text.Append(lines[i]);
            }
            var outcome = await writer.WriteAsync(database, Encoding.UTF8.GetBytes(text.ToString()), cancellationToken).ConfigureAwait(false);
            if (!outcome.IsAccepted)
            {
                // Only a field type conflict with points someone else wrote under our names can do this; retrying will not help.
                Log.KpiPointsRefused(logger, database, outcome.Refusal!);
            }
        }
    }

    private static void AppendRollupFields(StringBuilder line, KpiRollup rollup)
    {
        var values = RollupFields.Values(rollup);
        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0)
            {
                line.Append(',');
            }
            line.Append(RollupFields.Names[i]).Append('=');
            if (i is RollupFields.StopsIndex or RollupFields.FailuresIndex)
            {
                line.Append(((long)values[i]).ToString(CultureInfo.InvariantCulture)).Append('i');
            }
            else
            {
                AppendDouble(line, values[i]);
            }
        }
    }

    private static void AppendOptional(StringBuilder line, string field, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            line.Append(',').Append(field).Append('=');
            AppendDouble(line, v);
        }
    }

    private static void AppendDouble(StringBuilder line, double value) =>
        line.Append((double.IsFinite(value) ? value : 0).ToString("R", CultureInfo.InvariantCulture));

    /// <summary>Tags in key order (influxd would sort them otherwise): area, level, line, machine, shift, site, window.</summary>
    private static void AppendTags(StringBuilder line, MachineKey asset, string? level, string? window, string? shift)
    {
        AppendTag(line, "area", asset.Area);
        AppendTag(line, "level", level);
        AppendTag(line, "line", asset.Line);
        AppendTag(line, "machine", asset.Machine);
        AppendTag(line, "shift", shift);
        AppendTag(line, "site", asset.Site);
        AppendTag(line, "window", window);
    }

    private static void AppendTag(StringBuilder line, string key, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return; // InfluxDB has no empty tag values.
        }
        line.Append(',').Append(key).Append('=');
        foreach (var c in value)
        {
            if (c is ',' or '=' or ' ')
            {
                line.Append('\\');
            }
            line.Append(c);
        }
    }
}
