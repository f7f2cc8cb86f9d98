using System.Globalization;
using IIoT.Contracts;
using IIoT.OpcUa.Client;

namespace IIoT.Gateway.Collection.OpcUa;

/// <summary>
/// The loss-ledger entry for a notification gap, saying only what is known: the span without values (from the last
/// value stored before the gap to the first stored after it, or the gap's own From/To where those are missing), the
/// items affected, and the number of lost messages and their sequence numbers only when both ends are known.
/// </summary>
internal static class OpcUaPumpGap
{
    private const int SampleItems = 5;

    /// <param name="lastBeforeNs">Source time of the last value stored before the gap; 0 = none.</param>
    /// <param name="firstAfterNs">Earliest source time of the first message stored after the gap; 0 = none yet.</param>
    /// <returns>Count = lost notification messages when known, else 0 (the detail then says it is unknown).</returns>
    public static (ulong Count, long FirstNs, long LastNs, string Detail) Describe(DataGap gap, long lastBeforeNs, long firstAfterNs,
        IReadOnlyCollection<OpcUaItem> items)
    {
        var first = lastBeforeNs > 0 ? lastBeforeNs : ToNanoseconds(gap.From);
        var last = firstAfterNs > 0 ? firstAfterNs : ToNanoseconds(gap.To);
        // One end unknown: a point in time rather than a range that runs backwards.
        first = first == 0 ? last : first;
        last = last == 0 ? first : last;
        if (first > last)
        {
            (first, last) = (last, first);
        }
        var known = gap.FirstSequenceNumber != 0 && gap.LastSequenceNumber != 0 && gap.FirstSequenceNumber <= gap.LastSequenceNumber;
        var count = known ? (ulong)(gap.LastSequenceNumber - gap.FirstSequenceNumber) + 1 : 0;
        var what = known
            ? $"{count} notification messages (sequence {gap.FirstSequenceNumber}..{gap.LastSequenceNumber}) could not be recovered"
            : gap.Reason == DataGapReason.SubscriptionRecreated
                ? "the subscription had to be recreated; how many notification messages were lost is unknown"
                : "an unknown number of notification messages could not be recovered";
        var sample = string.Join(", ", items.Take(SampleItems).Select(i => string.IsNullOrEmpty(i.Machine) ? i.Signal : i.Machine + "/" + i.Signal));
        var detail = $"subscription {gap.SubscriptionId} {gap.Reason}: {what}; {items.Count} items affected ({sample}{(items.Count > SampleItems ? ", ..." : "")}); "
                     + $"no values between {Time(first)} ({(lastBeforeNs > 0 ? "last value stored before the gap" : "last publish before the gap")}) "
                     + $"and {Time(last)} ({(firstAfterNs > 0 ? "first value stored after it" : "when the gap was detected")})";
        return (count, first, last, detail);
    }

    private static string Time(long ns) =>
        ns == 0 ? "unknown" : UnixTime.FromNanoseconds(ns).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    internal static long ToNanoseconds(DateTime time) =>
        time == DateTime.MinValue ? 0 : UnixTime.ToNanoseconds(new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)));
}
