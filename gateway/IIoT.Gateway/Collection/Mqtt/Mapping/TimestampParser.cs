using System.Globalization;
using System.Text.Json;
using IIoT.Contracts;

namespace IIoT.Gateway.Collection.Mqtt.Mapping;

/// <summary>Reads a payload timestamp into nanoseconds since the Unix epoch; false for a wrong type or an overflow.</summary>
internal static class TimestampParser
{
    public static bool TryParse(JsonElement element, TimestampFormat format, out long nanoseconds)
    {
        nanoseconds = 0;
        if (format == TimestampFormat.Iso8601)
        {
            if (element.ValueKind != JsonValueKind.String
                || !DateTimeOffset.TryParse(element.GetString(), CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
            {
                return false;
            }
            nanoseconds = UnixTime.ToNanoseconds(time);
            return true;
        }
        if (element.ValueKind != JsonValueKind.Number)
        {
            return false;
        }
        long scale = format switch
        {
            TimestampFormat.UnixSeconds => 1_000_000_000,
            TimestampFormat.UnixMilliseconds => 1_000_000,
            TimestampFormat.UnixMicroseconds => 1_000,
            _ => 1,
        };
        if (element.TryGetInt64(out var whole))
        {
            if (whole > long.MaxValue / scale || whole < long.MinValue / scale)
            {
                return false;
            }
            nanoseconds = whole * scale;
            return true;
        }
        // A fractional timestamp (e.g. seconds with milliseconds): rounded to the nearest nanosecond.
        if (!element.TryGetDouble(out var fractional) || !double.IsFinite(fractional))
        {
            return false;
        }
        var scaled = Math.Round(fractional * scale);
        if (scaled >= 9.2e18 || scaled <= -9.2e18)
        {
            return false;
        }
        nanoseconds = (long)scaled;
        return true;
    }
}
