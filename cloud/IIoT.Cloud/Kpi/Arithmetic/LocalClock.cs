using System.Globalization;

namespace IIoT.Cloud.Kpi.Arithmetic;

/// <summary>Local wall-clock time of a time zone to and from Unix nanoseconds, defined for every local time.</summary>
internal static class LocalClock
{
    private const long TicksPerNs = 100;

    /// <summary>Minutes after midnight of an "HH:mm" string (00:00..24:00).</summary>
    public static int ParseMinutes(string text, string what)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!TimeSpan.TryParseExact(text.Trim(), ["h\\:mm", "hh\\:mm"], CultureInfo.InvariantCulture, out var time))
        {
            if (text.Trim() == "24:00")
            {
                return 24 * 60;
            }
            throw new FormatException($"{what}: '{text}' is not a time of day \"HH:mm\".");
        }
        if (time < TimeSpan.Zero || time >= TimeSpan.FromDays(1))
        {
            throw new FormatException($"{what}: '{text}' is not a time of day \"HH:mm\".");
        }
        return (int)time.TotalMinutes;
    }

    /// <summary>
    /// The instant of a local wall-clock time. A time skipped by a forward change moves forward by the gap
    /// (02:30 on a 02:00->03:00 day is 03:30); a time that occurs twice means the first occurrence.
    /// </summary>
    public static long ToUnixNs(TimeZoneInfo zone, DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        TimeSpan offset;
        if (zone.IsInvalidTime(local))
        {
            // The offset in force before the change (no zone changes twice within a few hours).
            offset = zone.GetUtcOffset(local.AddHours(-6));
        }
        else if (zone.IsAmbiguousTime(local))
        {
            offset = zone.GetAmbiguousTimeOffsets(local).Max();
        }
        else
        {
            offset = zone.GetUtcOffset(local);
        }
        return (local.Ticks - offset.Ticks - DateTime.UnixEpoch.Ticks) * TicksPerNs;
    }

    /// <summary>The local date (midnight, unspecified kind) of an instant.</summary>
    public static DateTime LocalDate(TimeZoneInfo zone, long unixNs)
    {
        var utc = new DateTime(DateTime.UnixEpoch.Ticks + FloorDiv(unixNs, TicksPerNs), DateTimeKind.Utc);
        return TimeZoneInfo.ConvertTimeFromUtc(utc, zone).Date;
    }

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);
}
