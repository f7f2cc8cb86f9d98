namespace IIoT.Cloud.Kpi.Arithmetic;

/// <summary>A half-open time range [<see cref="FromNs"/>, <see cref="ToNs"/>) in Unix nanoseconds (UTC).</summary>
public readonly record struct TimeRange(long FromNs, long ToNs)
{
    /// <summary>Length in nanoseconds (0 for an empty or inverted range).</summary>
    public long DurationNs => ToNs > FromNs ? ToNs - FromNs : 0;

    /// <summary>Length in seconds.</summary>
    public double DurationS => DurationNs / 1e9;

    /// <summary>Whether the range holds no instant.</summary>
    public bool IsEmpty => ToNs <= FromNs;

    /// <summary>Whether <paramref name="timeNs"/> lies in [from, to).</summary>
    public bool Contains(long timeNs) => timeNs >= FromNs && timeNs < ToNs;

    /// <summary>Whether the two ranges share at least one instant.</summary>
    public bool Overlaps(TimeRange other) => FromNs < other.ToNs && other.FromNs < ToNs;

    /// <summary>The common part (empty when they do not overlap).</summary>
    public TimeRange Intersect(TimeRange other) =>
        new(Math.Max(FromNs, other.FromNs), Math.Max(Math.Max(FromNs, other.FromNs), Math.Min(ToNs, other.ToNs)));
}
