using System.Diagnostics.Metrics;
using IIoT.Cloud.Configuration;
using IIoT.Cloud.Kpi.Options;
using IIoT.Cloud.Kpi.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IIoT.Cloud.Tests.Kpi;

public sealed class KpiDirtyTrackerTests
{
    private const long S = 1_000_000_000;
    private const long Now = 1_800_000_000L * S; // a minute boundary

    private static KpiDirtyTracker Tracker(bool enabled = true, StorageKind kind = StorageKind.InfluxV1)
    {
        var clock = new KpiClock(DateTimeOffset.UnixEpoch.AddTicks(Now / 100));
        var options = new KpiOptions { Enabled = enabled, BucketLength = TimeSpan.FromMinutes(1), Interval = TimeSpan.FromSeconds(15), RecentBuckets = 3 };
        return new KpiDirtyTracker(Options.Create(options), Options.Create(new CloudOptions { Storage = new StorageOptions { Kind = kind } }),
            clock, new KpiMetrics(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>()),
            NullLogger<KpiDirtyTracker>.Instance);
    }

    [Fact]
    public void Only_points_older_than_the_next_cycle_s_recent_range_mark_their_bucket()
    {
        var tracker = Tracker();
        var marks = tracker.Begin();
        // The next cycle (within 15 s, plus a bucket of margin) recomputes from 2 minutes before now on.
        marks.Add(Now - (10 * S));
        marks.Add(Now - (119 * S));
        marks.Add(Now - (121 * S));
        marks.Add(Now - (3600 * S) + (5 * S));
        marks.Add(Now - (3600 * S) + (50 * S));
        tracker.Commit("acme", marks);

        Assert.Equal([Now - (3600 * S), Now - (180 * S)], tracker.Take("acme").Order());
        Assert.Empty(tracker.Take("acme"));
        Assert.Empty(tracker.Take("globex"));
    }

    [Fact]
    public void Marks_given_back_after_a_failed_cycle_are_taken_again()
    {
        var tracker = Tracker();
        tracker.Add("acme", [Now - (600 * S)]);
        var taken = tracker.Take("acme");
        tracker.Add("acme", taken);
        Assert.Equal([Now - (600 * S)], tracker.Take("acme"));
    }

    [Theory]
    [InlineData(false, StorageKind.InfluxV1)]
    [InlineData(true, StorageKind.InfluxV2)]
    public void Nothing_is_marked_when_no_KPIs_are_computed(bool enabled, StorageKind kind)
    {
        var tracker = Tracker(enabled, kind);
        var marks = tracker.Begin();
        marks.Add(Now - (3600 * S));
        tracker.Commit("acme", marks);
        Assert.Empty(tracker.Take("acme"));
    }
}
