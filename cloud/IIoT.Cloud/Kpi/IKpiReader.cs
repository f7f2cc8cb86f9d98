using IIoT.Cloud.Kpi.Arithmetic;

namespace IIoT.Cloud.Kpi;

/// <summary>
/// Read side of the KPIs for the dashboard and the JSON API, always of one tenant (its own database). Every method
/// answers an empty list for a tenant without a database or without data.
/// </summary>
public interface IKpiReader
{
    /// <summary>The latest kpi point per (level, asset, window) matching <paramref name="query"/> (of the last two days).</summary>
    Task<IReadOnlyList<KpiRow>> GetKpisAsync(string tenant, KpiQuery query, CancellationToken cancellationToken);

    /// <summary>Every kpi point matching <paramref name="query"/> with a timestamp in <paramref name="range"/>, oldest first
    /// (rolling windows are stamped with their end, calendar windows with their start).</summary>
    Task<IReadOnlyList<KpiRow>> GetTrendAsync(string tenant, KpiQuery query, TimeRange range, CancellationToken cancellationToken);

    /// <summary>The machine's state over <paramref name="range"/> (at most two days), gap-free: "unknown" where no usable sample holds.</summary>
    Task<IReadOnlyList<StateSpan>> GetTimelineAsync(string tenant, string site, string line, string machine, TimeRange range, CancellationToken cancellationToken);

    /// <summary>The machine's stops overlapping <paramref name="range"/> (at most two days), with the site's planned downtime applied.</summary>
    Task<IReadOnlyList<Stop>> GetStopsAsync(string tenant, string site, string line, string machine, TimeRange range, CancellationToken cancellationToken);
}
