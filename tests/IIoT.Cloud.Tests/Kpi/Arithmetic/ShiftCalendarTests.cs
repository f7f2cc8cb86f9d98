using IIoT.Cloud.Kpi.Arithmetic;

namespace IIoT.Cloud.Tests.Kpi.Arithmetic;

public sealed class ShiftCalendarTests
{
    private static long Utc(int year, int month, int day, int hour, int minute = 0) =>
        new DateTimeOffset(year, month, day, hour, minute, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000_000;

    private static TimeRange Utc(int month, int day, int hour, int minute, int toMonth, int toDay, int toHour, int toMinute) =>
        new(Utc(2026, month, day, hour, minute), Utc(2026, toMonth, toDay, toHour, toMinute));

    [Fact]
    public void Night_shift_crossing_midnight_belongs_to_the_day_it_starts_and_the_gap_between_shifts_is_planned()
    {
        var calendar = new ShiftCalendar("UTC",
            [new ShiftDefinition("early", "06:00", "14:00"), new ShiftDefinition("night", "22:00", "06:00")],
            [new BreakDefinition("12:00", "12:30"), new BreakDefinition("23:45", "00:15")]);

        var night = calendar.ShiftAt(Utc(2026, 3, 2, 2));
        Assert.Equal(("night", Utc(3, 1, 22, 0, 3, 2, 6, 0)), night);
        Assert.Equal(("early", Utc(3, 2, 6, 0, 3, 2, 14, 0)), calendar.ShiftAt(Utc(2026, 3, 2, 6)));
        Assert.Null(calendar.ShiftAt(Utc(2026, 3, 2, 14)));

        var day = calendar.DayAt(Utc(2026, 3, 2, 13));
        Assert.Equal(Utc(3, 2, 0, 0, 3, 3, 0, 0), day);
        Assert.Equal(
            [Utc(3, 2, 0, 0, 3, 2, 0, 15), Utc(3, 2, 12, 0, 3, 2, 12, 30), Utc(3, 2, 14, 0, 3, 2, 22, 0), Utc(3, 2, 23, 45, 3, 3, 0, 0)],
            calendar.PlannedDowntime(day));
        Assert.Equal(["night", "early", "night"], calendar.ShiftsIn(day).Select(s => s.Name));
    }

    [Fact]
    public void DST_spring_forward_day_has_23_hours_and_the_night_shift_across_it_7()
    {
        var calendar = new ShiftCalendar("Europe/Berlin",
            [new ShiftDefinition("night", "22:00", "06:00"), new ShiftDefinition("odd", "02:30", "10:00")]);
        // 2026-03-29: 02:00 CET -> 03:00 CEST (01:00 UTC).
        Assert.Equal(Utc(3, 28, 23, 0, 3, 29, 22, 0), calendar.DayAt(Utc(2026, 3, 29, 12)));
        Assert.Equal(23 * 3600, calendar.DayAt(Utc(2026, 3, 29, 12)).DurationS, 9);

        var night = calendar.ShiftAt(Utc(2026, 3, 29, 0, 30))!.Value;
        Assert.Equal("night", night.Name);
        Assert.Equal(Utc(3, 28, 21, 0, 3, 29, 4, 0), night.Range);

        // 02:30 does not exist that day: it moves forward by the gap to 03:30 CEST = 01:30 UTC.
        var odd = calendar.ShiftsIn(calendar.DayAt(Utc(2026, 3, 29, 12))).Single(s => s.Name == "odd" && s.Range.FromNs > Utc(2026, 3, 29, 0));
        Assert.Equal(Utc(3, 29, 1, 30, 3, 29, 8, 0), odd.Range);
    }

    [Fact]
    public void DST_fall_back_day_has_25_hours_and_an_ambiguous_time_is_its_first_occurrence()
    {
        var calendar = new ShiftCalendar("Europe/Berlin",
            [new ShiftDefinition("night", "22:00", "06:00"), new ShiftDefinition("odd", "02:30", "10:00")]);
        // 2026-10-25: 03:00 CEST -> 02:00 CET (01:00 UTC).
        Assert.Equal(Utc(10, 24, 22, 0, 10, 25, 23, 0), calendar.DayAt(Utc(2026, 10, 25, 12)));
        Assert.Equal(Utc(10, 24, 20, 0, 10, 25, 5, 0), calendar.ShiftAt(Utc(2026, 10, 24, 23, 0))!.Value.Range);
        Assert.Equal(9 * 3600, calendar.ShiftAt(Utc(2026, 10, 24, 23, 0))!.Value.Range.DurationS, 9);
        var odd = calendar.ShiftsIn(new TimeRange(Utc(2026, 10, 25, 0), Utc(2026, 10, 25, 1))).Single(s => s.Name == "odd");
        Assert.Equal(Utc(10, 25, 0, 30, 10, 25, 9, 0), odd.Range);    // 02:30 CEST (first) .. 10:00 CET
    }

    [Fact]
    public void Planned_downtime_on_a_DST_day_follows_local_time()
    {
        // Shift 06:00-22:00 local: planned downtime 22:00-06:00 local, 7 h across the spring-forward night.
        var calendar = new ShiftCalendar("Europe/Berlin", [new ShiftDefinition("day", "06:00", "22:00")]);
        var planned = calendar.PlannedDowntime(Utc(3, 28, 12, 0, 3, 29, 12, 0));
        Assert.Equal([Utc(3, 28, 21, 0, 3, 29, 4, 0)], planned);
        Assert.Equal(7 * 3600, planned[0].DurationS, 9);
    }

    [Fact]
    public void All_day_calendar_has_no_planned_downtime_even_on_DST_days()
    {
        Assert.Empty(ShiftCalendar.AllDay().PlannedDowntime(Utc(3, 1, 0, 0, 3, 10, 0, 0)));
        Assert.Empty(ShiftCalendar.AllDay("Europe/Berlin").PlannedDowntime(Utc(3, 27, 0, 0, 4, 1, 0, 0)));
        Assert.Empty(ShiftCalendar.AllDay("Europe/Berlin").PlannedDowntime(Utc(10, 23, 0, 0, 10, 27, 0, 0)));
        Assert.Equal("day", ShiftCalendar.AllDay().ShiftAt(Utc(2026, 3, 2, 5))!.Value.Name);
    }

    [Fact]
    public void Bad_configuration_is_refused()
    {
        Assert.Throws<FormatException>(() => new ShiftCalendar("UTC", [new ShiftDefinition("x", "25:00", "06:00")]));
        Assert.Throws<FormatException>(() => new ShiftCalendar("UTC", [new ShiftDefinition("x", "6 o'clock", "06:00")]));
        Assert.Throws<FormatException>(() => new ShiftCalendar("UTC", [], [new BreakDefinition("12:00", "12:00")]));
        Assert.Throws<TimeZoneNotFoundException>(() => new ShiftCalendar("Mars/Olympus_Mons", []));
    }
}
