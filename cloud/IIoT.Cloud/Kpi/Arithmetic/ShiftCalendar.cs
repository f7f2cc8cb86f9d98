namespace IIoT.Cloud.Kpi.Arithmetic;

/// <summary>
/// The shift calendar of one site: an IANA time zone, daily shifts and daily breaks in local time. Local times are
/// converted with the zone's rules of each date, so a DST day has a 23 h or 25 h day and shifts across the change
/// are an hour shorter or longer. A local time that does not exist (spring forward) moves forward by the gap; an
/// ambiguous one (fall back) means its first occurrence.
/// </summary>
public sealed class ShiftCalendar
{
    /// <summary>A calendar in <paramref name="timeZoneId"/> (IANA id, e.g. "Europe/Berlin"; "UTC").</summary>
    /// <exception cref="TimeZoneNotFoundException">Unknown zone.</exception>
    /// <exception cref="FormatException">A time is not "HH:mm".</exception>
    public ShiftCalendar(string timeZoneId, IEnumerable<ShiftDefinition> shifts, IEnumerable<BreakDefinition>? breaks = null)
    {
        ArgumentNullException.ThrowIfNull(timeZoneId);
        ArgumentNullException.ThrowIfNull(shifts);
        TimeZone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        throw new NotImplementedException();
    }

    /// <summary>UTC, one 24-hour shift "day", no breaks: a site without a configured calendar.</summary>
    public static ShiftCalendar AllDay(string timeZoneId = "UTC") =>
        new(timeZoneId, [new ShiftDefinition("day", "00:00", "00:00")]);

    /// <summary>The site's time zone.</summary>
    public TimeZoneInfo TimeZone { get; }

    /// <summary>Planned downtime within <paramref name="range"/> (time outside every shift, plus breaks), merged,
    /// sorted and clipped to the range.</summary>
    public IReadOnlyList<TimeRange> PlannedDowntime(TimeRange range) => throw new NotImplementedException();

    /// <summary>The shift occurrence containing <paramref name="timeNs"/> (null outside every shift). When shifts
    /// overlap, the one that started last.</summary>
    public (string Name, TimeRange Range)? ShiftAt(long timeNs) => throw new NotImplementedException();

    /// <summary>The shift occurrences overlapping <paramref name="range"/>, by start time (not clipped).</summary>
    public IReadOnlyList<(string Name, TimeRange Range)> ShiftsIn(TimeRange range) => throw new NotImplementedException();

    /// <summary>The local calendar day (local midnight to next local midnight) containing <paramref name="timeNs"/>.</summary>
    public TimeRange DayAt(long timeNs) => throw new NotImplementedException();
}
