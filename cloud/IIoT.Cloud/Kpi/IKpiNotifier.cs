namespace IIoT.Cloud.Kpi;

/// <summary>Tells listeners (the dashboard's event stream) that a tenant's KPIs were written again.</summary>
public interface IKpiNotifier
{
    /// <summary>
    /// Yields a tenant id after each KPI cycle that wrote KPI points of that tenant, until
    /// <paramref name="cancellationToken"/> is cancelled (then it throws OperationCanceledException). A slow reader
    /// misses old notices rather than holding up the computation.
    /// </summary>
    IAsyncEnumerable<string> UpdatesAsync(CancellationToken cancellationToken);
}
