using System.Text.Json;
using System.Text.Json.Serialization;
using IIoT.Cloud.Kpi.Arithmetic;

namespace IIoT.Cloud.Kpi.Api;

/// <summary>The JSON shapes of the KPI API: camelCase, times as ISO 8601 (UTC), undefined figures as null.</summary>
internal static class KpiJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        // Figures are finite or null by construction; a stray infinity must not fail the whole answer.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static DateTimeOffset Time(long ns) => DateTimeOffset.UnixEpoch.AddTicks(ns / 100);

    public static Row From(KpiRow row) => new(row.Level, row.Site, row.Area, row.Line, row.Machine, row.Window, row.Shift,
        Time(row.FromNs), Time(row.ToNs), Time(row.ComputedNs), row.Complete, row.Coverage, row.Figures, row.Totals);

    public static Span From(StateSpan span) => new(Time(span.FromNs), Time(span.ToNs), (span.ToNs - span.FromNs) / 1e9, span.State);

    public static StopJson From(Stop stop) => new(Time(stop.FromNs), Time(stop.ToNs), stop.DurationS, stop.Condition, stop.State);

    /// <summary>One KPI row: the window [from, to), data up to <paramref name="Computed"/>.</summary>
    public sealed record Row(
        string Level, string Site, string Area, string Line, string Machine, string Window, string? Shift,
        DateTimeOffset From, DateTimeOffset To, DateTimeOffset Computed, bool Complete, double? Coverage, KpiFigures Figures, KpiRollup Totals);

    public sealed record Span(DateTimeOffset From, DateTimeOffset To, double DurationS, string State);

    public sealed record StopJson(DateTimeOffset From, DateTimeOffset To, double DurationS, MachineCondition Condition, string State);

    public sealed record KpisAnswer(IReadOnlyList<Row> Kpis);

    public sealed record TrendAnswer(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<Row> Points);

    public sealed record TimelineAnswer(string Site, string Line, string Machine, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<Span> Spans);

    public sealed record StopsAnswer(string Site, string Line, string Machine, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<StopJson> Stops);
}
