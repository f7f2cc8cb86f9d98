using IIoT.Cloud.Kpi.Arithmetic;

namespace IIoT.Cloud.Kpi.Scheduling;

/// <summary>
/// Cuts a machine's samples down to one bucket's input [from, to). A bucket's rollup then depends on exactly the
/// samples it may use, whatever range was queried, so the startup recompute, a regular cycle and another replica
/// compute the same rollup.
/// </summary>
internal static class SampleSlicer
{
    /// <summary>The samples in [fromNs, toNs); null when the machine has none there at all.</summary>
    public static MachineSamples? Slice(MachineSamples all, long fromNs, long toNs)
    {
        var slice = new MachineSamples
        {
            States = Cut(all.States, fromNs, toNs, static s => s.TimeNs),
            PartsTotal = Cut(all.PartsTotal, fromNs, toNs, static s => s.TimeNs),
            PartsGood = Cut(all.PartsGood, fromNs, toNs, static s => s.TimeNs),
            PartsReject = Cut(all.PartsReject, fromNs, toNs, static s => s.TimeNs),
            IdealCycleTimeS = Cut(all.IdealCycleTimeS, fromNs, toNs, static s => s.TimeNs),
            PowerKw = Cut(all.PowerKw, fromNs, toNs, static s => s.TimeNs),
        };
        var any = slice.States.Count + slice.PartsTotal.Count + slice.PartsGood.Count + slice.PartsReject.Count +
            slice.IdealCycleTimeS.Count + slice.PowerKw.Count;
        return any == 0 ? null : slice;
    }

    private static List<T> Cut<T>(List<T> sorted, long fromNs, long toNs, Func<T, long> time)
    {
        var first = LowerBound(sorted, fromNs, time);
        var last = LowerBound(sorted, toNs, time);
        return sorted.GetRange(first, last - first);
    }

    private static int LowerBound<T>(List<T> sorted, long timeNs, Func<T, long> time)
    {
        int low = 0, high = sorted.Count;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (time(sorted[mid]) < timeNs)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }
        return low;
    }
}
