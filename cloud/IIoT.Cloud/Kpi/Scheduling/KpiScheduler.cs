using System.Diagnostics;
using IIoT.Cloud.Configuration;
using IIoT.Cloud.Kpi.Options;
using IIoT.Cloud.Storage;
using IIoT.Contracts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IIoT.Cloud.Kpi.Scheduling;

/// <summary>
/// Runs a KPI cycle for every tenant each Cloud:Kpi:Interval. A tenant whose cycle fails (InfluxDB down) is retried
/// with a growing wait up to MaxBackoff and then recomputes everything since its last success; the loop never ends
/// on a failure. Runs on its own task, so ingestion only shares InfluxDB with it.
/// </summary>
internal sealed class KpiScheduler(
    KpiComputation computation,
    KpiDirtyTracker dirty,
    KpiNotifier notifier,
    KpiMetrics metrics,
    IOptions<KpiOptions> options,
    IOptions<CloudOptions> cloud,
    TimeProvider clock,
    ILogger<KpiScheduler> logger) : BackgroundService
{
    private readonly KpiOptions _options = options.Value;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, TenantState> _tenants = new(StringComparer.Ordinal);

    /// <summary>Whether this replica computes KPIs at all (enabled, InfluxDB 1.x storage).</summary>
    public bool Active => _options.Enabled && cloud.Value.Storage.Kind == StorageKind.InfluxV1;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            Log.KpiDisabled(logger);
            return;
        }
        if (!Active)
        {
            Log.KpiStorageUnsupported(logger, cloud.Value.Storage.Kind.ToString());
            return;
        }
        // Off the host's start path: the first cycle may recompute a whole day.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                wait = await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            try
            {
                await Task.Delay(wait, clock, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One cycle for every tenant whose retry time has come; returns how long to wait for the next one.</summary>
    internal async Task<TimeSpan> RunOnceAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var wait = _options.Interval;
            foreach (var tenant in cloud.Value.Tenants)
            {
                if (string.IsNullOrEmpty(tenant.Database))
                {
                    continue;
                }
                if (!_tenants.TryGetValue(tenant.Id, out var state))
                {
                    _tenants[tenant.Id] = state = new TenantState();
                }
                var now = clock.GetTimestamp();
                if (state.RetryAt is { } retryAt && clock.GetElapsedTime(retryAt, now) < TimeSpan.Zero)
                {
                    wait = Min(wait, -clock.GetElapsedTime(retryAt, now));
                    continue;
                }
                var tenantWait = await RunTenantAsync(tenant.Id, tenant.Database, state, cancellationToken).ConfigureAwait(false);
                wait = Min(wait, tenantWait);
            }
            return wait;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<TimeSpan> RunTenantAsync(string tenant, string database, TenantState state, CancellationToken cancellationToken)
    {
        var marked = dirty.Take(tenant);
        var started = Stopwatch.GetTimestamp();
        try
        {
            IReadOnlyCollection<long> buckets = state.Recheck.Count == 0 ? marked : marked.Concat(state.Recheck).ToHashSet();
            var outcome = await computation.RunAsync(tenant, database, UnixTime.Now(clock), state.ComputedUntilNs, buckets, cancellationToken)
                .ConfigureAwait(false);
            state.ComputedUntilNs = outcome.EndNs;
            metrics.Cycles.Add(1);
            metrics.CycleDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
            metrics.Buckets.Add(outcome.Rollups);
            metrics.Points.Add(outcome.KpiPoints);
            // Late buckets are computed once more next cycle: another replica whose cycle read the raw data just before
            // the late points were stored may have overwritten this recompute with its older result meanwhile.
            state.Recheck = marked;
            if (state.Failures > 0)
            {
                Log.KpiCycleRecovered(logger, tenant);
            }
            state.Failures = 0;
            state.RetryAt = null;
            Log.KpiCycleDone(logger, tenant, outcome.Buckets, outcome.KpiPoints, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (outcome.KpiPoints > 0)
            {
                notifier.Publish(tenant);
            }
            return _options.Interval;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            dirty.Add(tenant, marked);
            throw;
        }
        catch (Exception e)
        {
            // Give the marks back: the buckets still need their recompute once InfluxDB answers again.
            dirty.Add(tenant, marked);
            metrics.CycleFailures.Add(1);
            state.Failures++;
            var backoff = Backoff(state.Failures);
            state.RetryAt = clock.GetTimestamp() + (long)(backoff.TotalSeconds * clock.TimestampFrequency);
            if (e is InfluxUnavailableException unavailable)
            {
                Log.KpiCycleFailed(logger, tenant, unavailable.Failure.ToString(), unavailable.Message, backoff.TotalSeconds);
            }
            else
            {
                Log.KpiCycleUnexpected(logger, e, tenant, backoff.TotalSeconds);
            }
            return backoff;
        }
    }

    /// <summary>Interval, doubled per consecutive failure, at most MaxBackoff (never shorter than Interval).</summary>
    internal TimeSpan Backoff(int failures)
    {
        var backoff = _options.Interval;
        for (var i = 1; i < failures && backoff < _options.MaxBackoff; i++)
        {
            backoff *= 2;
        }
        return backoff > _options.MaxBackoff && _options.MaxBackoff > _options.Interval ? _options.MaxBackoff : backoff;
    }

    public override void Dispose()
    {
        _gate.Dispose();
        base.Dispose();
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private sealed class TenantState
    {
        public long? ComputedUntilNs { get; set; }

        public int Failures { get; set; }

        public long? RetryAt { get; set; }

        public IReadOnlyCollection<long> Recheck { get; set; } = [];
    }
}
