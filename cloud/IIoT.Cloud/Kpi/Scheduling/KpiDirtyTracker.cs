using IIoT.Cloud.Configuration;
using IIoT.Cloud.Kpi.Options;
using IIoT.Contracts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IIoT.Cloud.Kpi.Scheduling;

/// <summary>
/// Buckets with late data, per tenant, for the next KPI cycle of this replica. The ingestion path marks a bucket when
/// it stored a point older than what the next cycle recomputes anyway; the cycle takes the marks and recomputes
/// each marked bucket and the buckets after it that its samples reach into (lookback: held states, counter deltas),
/// for every machine of the tenant. In memory only: the replica that stored the late data folds it in; a restart recomputes the day anyway.
/// </summary>
internal sealed class KpiDirtyTracker(
    IOptions<KpiOptions> options, IOptions<CloudOptions> cloud, TimeProvider clock, KpiMetrics metrics, ILogger<KpiDirtyTracker> logger)
{
    /// <summary>Per tenant at most this many marked buckets (about two weeks of minutes); the oldest are dropped beyond.</summary>
    internal const int MaxBucketsPerTenant = 20_000;

    private readonly KpiOptions _options = options.Value;
    private readonly bool _active = options.Value.Enabled && cloud.Value.Storage.Kind == StorageKind.InfluxV1;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SortedSet<long>> _dirty = new(StringComparer.Ordinal);

    private long BucketNs => KpiTime.Nanoseconds(_options.BucketLength);

    /// <summary>Marks for one batch, with the threshold of now.</summary>
    public KpiBatchMarks Begin()
    {
        if (!_active)
        {
            return KpiBatchMarks.None;
        }
        var bucket = BucketNs;
        // The next cycle starts within Interval and recomputes from floor(its now) - RecentBuckets buckets; one more
        // bucket of margin for a cycle that starts late. Marking a bucket too many only costs a recompute.
        var next = UnixTime.Now(clock) + KpiTime.Nanoseconds(_options.Interval) + bucket;
        return new KpiBatchMarks(KpiTime.Floor(next, bucket) - (_options.RecentBuckets * bucket), bucket);
    }

    /// <summary>After the batch's points were stored: remember its old buckets for the tenant's next cycle.</summary>
    public void Commit(string tenant, KpiBatchMarks marks)
    {
        if (marks.Buckets.Count > 0)
        {
            metrics.LateBuckets.Add(marks.Buckets.Count);
            Add(tenant, marks.Buckets);
        }
    }

    /// <summary>Takes the tenant's marked buckets (the caller gives them back with <see cref="Add"/> if its cycle fails).</summary>
    public IReadOnlyCollection<long> Take(string tenant)
    {
        lock (_lock)
        {
            if (!_dirty.Remove(tenant, out var buckets))
            {
                return [];
            }
            return buckets;
        }
    }

    public void Add(string tenant, IEnumerable<long> buckets)
    {
        var overflow = false;
        lock (_lock)
        {
            if (!_dirty.TryGetValue(tenant, out var set))
            {
                _dirty[tenant] = set = [];
            }
            foreach (var bucket in buckets)
            {
                set.Add(bucket);
            }
            while (set.Count > MaxBucketsPerTenant)
            {
                set.Remove(set.Min);
                overflow = true;
            }
        }
        if (overflow)
        {
            Log.KpiDirtyOverflow(logger, tenant, MaxBucketsPerTenant);
        }
    }
}
