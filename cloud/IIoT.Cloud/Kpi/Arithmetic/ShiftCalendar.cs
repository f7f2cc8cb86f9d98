namespace IIoT.Cloud.Kpi.Arithmetic;

/// <summary>
/// The shift calendar of one site: an IANA time zone, daily shifts and daily breaks in local time. Local times are
/// converted with the zone's rules of each date, so a DST day has 23 h or 25 h and a shift across the change is an
/// hour shorter or longer. A local time that does not exist (spring forward) moves forward by the gap; an ambiguous
/// one (fall back) means its first occurrence. A shift occurrence belongs to the local date it starts on.
/// </summary>
public sealed class ShiftCalendar
{
    private readonly List<(string Name, int Start, int End)> _shifts;
    private readonly List<(int Start, int End)> _breaks;

    /// <summary>A calendar in <paramref name="timeZoneId"/> (IANA id, e.g. "Europe/Berlin"; "UTC").</summary>
    /// <exception cref="TimeZoneNotFoundException">Unknown zone.</exception>
    /// <exception cref="FormatException">A time is not "HH:mm", or a break starts and ends at the same time.</exception>
    public ShiftCalendar(string timeZoneId, IEnumerable<ShiftDefinition> shifts, IEnumerable<BreakDefinition>? breaks = null)
    {
        ArgumentNullException.ThrowIfNull(timeZoneId);
        ArgumentNullException.ThrowIfNull(shifts);
        TimeZone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        _shifts = [];
        foreach (var shift in shifts)
        {
            var start = LocalClock.ParseMinutes(shift.Start, $"shift {shift.Name} start");
            var end = LocalClock.ParseMinutes(shift.End, $"shift {shift.Name} end");
            // End at or before start: the shift ends the next day; equal: a 24-hour shift.
            _shifts.Add((shift.Name, start, end <= start ? end + 24 * 60 : end));
        }
        _breaks = [];
        foreach (var pause in breaks ?? [])
        {
            var start = LocalClock.ParseMinutes(pause.Start, "break start");
            var end = LocalClock.ParseMinutes(pause.End, "break end");
            if (start == end)
            {
                throw new FormatException($"break {pause.Start}-{pause.End} has no length.");
            }
            _breaks.Add((start, end < start ? end + 24 * 60 : end));
        }
    }

    /// <summary>One 24-hour shift "day" and no breaks (a site without a configured calendar): no planned downtime.</summary>
    public static ShiftCalendar AllDay(string timeZoneId = "UTC") =>
        new(timeZoneId, [new ShiftDefinition("day", "00:00", "00:00")]);

    /// <summary>The site's time zone.</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>Planned downtime within <paramref name="range"/> (time outside every shift, plus breaks), merged,
    /// sorted and clipped to the range.</summary>
    public IReadOnlyList<TimeRange> PlannedDowntime(TimeRange range)
    {
        var result = new List<TimeRange>();
        if (range.IsEmpty)
        {
            return result;
        }
        var covered = SampleOrder.Merge(ShiftsIn(range).Select(s => s.Range.Intersect(range)));
        var cursor = range.FromNs;
        foreach (var shift in covered)
        {
            if (shift.FromNs > cursor)
            {
                result.Add(new TimeRange(cursor, shift.FromNs));
            }
            cursor = Math.Max(cursor, shift.ToNs);
        }
        if (cursor < range.ToNs)
        {
            result.Add(new TimeRange(cursor, range.ToNs));
        }
        foreach (var pause in Occurrences(_breaks.Select(b => (Name: "", b.Start, b.End)), range))
        {
            result.Add(pause.Range.Intersect(range));
        }
        return SampleOrder.Merge(result);
    }

    /// <summary>The shift occurrence containing <paramref name="timeNs"/> (null outside every shift). When shifts
    /// overlap, the one that started last.</summary>
    public (string Name, TimeRange Range)? ShiftAt(long timeNs)
    {
        var shifts = ShiftsIn(new TimeRange(timeNs, timeNs + 1));
        return shifts.Count == 0 ? null : shifts[^1];
    }

    /// <summary>The shift occurrences overlapping <paramref name="range"/>, by start time (not clipped).</summary>
    public IReadOnlyList<(string Name, TimeRange Range)> ShiftsIn(TimeRange range) => Occurrences(_shifts, range);

    /// <summary>The local calendar day (local midnight to next local midnight) containing <paramref name="timeNs"/>.</summary>
    public TimeRange DayAt(long timeNs)
    {
        var date = LocalClock.LocalDate(TimeZone, timeNs);
        return new TimeRange(LocalClock.ToUnixNs(TimeZone, date), LocalClock.ToUnixNs(TimeZone, date.AddDays(1)));
    }

    private List<(string Name, TimeRange Range)> Occurrences(IEnumerable<(string Name, int Start, int End)> daily, TimeRange range)
    {
        var result = new List<(string Name, TimeRange Range)>();
        if (range.IsEmpty)
        {
            return result;
        }
        var definitions = daily.ToList();
        // An occurrence ends within 48 h of its local date's midnight, so starting two days early finds every overlap.
        var first = LocalClock.LocalDate(TimeZone, range.FromNs).AddDays(-2);
        var last = LocalClock.LocalDate(TimeZone, range.ToNs - 1);
        for (var date = first; date <= last; date = date.AddDays(1))
        {
            foreach (var (name, start, end) in definitions)
            {
                var occurrence = new TimeRange(
                    LocalClock.ToUnixNs(TimeZone, date.AddMinutes(start)),
                    LocalClock.ToUnixNs(TimeZone, date.AddMinutes(end)));
                if (occurrence.Overlaps(range))
                {
                    result.Add((name, occurrence));
                }
            }
        }
        // Stable: among shifts starting at the same instant the configuration order decides.
        return [.. result.OrderBy(r => r.Range.FromNs)];
    }
}
