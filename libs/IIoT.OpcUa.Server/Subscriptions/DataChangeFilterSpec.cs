using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Server.Subscriptions;

/// <summary>
/// A parsed DataChangeFilter (OPC 10000-4 §7.22.2) with the percent deadband already turned into an absolute
/// threshold, so the sampling loop does one comparison per value and never touches the EURange again.
/// </summary>
internal readonly struct DataChangeFilterSpec(DataChangeTrigger trigger, DeadbandType deadbandType, double threshold)
{
    /// <summary>No filter: trigger StatusValue without deadband (§7.22.2 default).</summary>
    public static DataChangeFilterSpec Default => new(DataChangeTrigger.StatusValue, DeadbandType.None, 0);

    public DataChangeTrigger Trigger { get; } = trigger;

    public DeadbandType DeadbandType { get; } = deadbandType;

    /// <summary>Absolute change that must be exceeded (strictly) for a report; percent already scaled by the EURange.</summary>
    public double Threshold { get; } = threshold;

    /// <summary>True when <paramref name="current"/> differs from the last reported value as the filter defines it.</summary>
    public bool ShouldReport(DataValue? last, DataValue current)
    {
        if (last is null) return true; // the first sample is always reported (§5.12.1.1)
        if (last.Status != current.Status) return true; // a status change always reports, deadband or not
        if (Trigger == DataChangeTrigger.Status) return false;
        if (DeadbandType != DeadbandType.None)
        {
            // §7.22.2: with a deadband, StatusValueTimestamp behaves like StatusValue.
            return DeadbandExceeded(last.Value, current.Value, Threshold);
        }
        if (!last.Value.Equals(current.Value)) return true;
        return Trigger == DataChangeTrigger.StatusValueTimestamp && last.SourceTimestamp != current.SourceTimestamp;
    }

    private static bool DeadbandExceeded(in Variant last, in Variant current, double threshold)
    {
        if (last.Type != current.Type || last.IsArray != current.IsArray) return true;
        if (!last.IsArray)
        {
            if (TryToDouble(last.Value, out var a) && TryToDouble(current.Value, out var b)) return Math.Abs(a - b) > threshold;
            return !last.Equals(current); // not a number: the deadband cannot apply, fall back to a value change
        }
        if (last.Value is not Array x || current.Value is not Array y) return !last.Equals(current);
        // Part 8 §6.2: any element beyond the deadband (or a new length) reports the whole array.
        if (x.Length != y.Length) return true;
        if (x is double[] dx && y is double[] dy)
        {
            for (var i = 0; i < dx.Length; i++)
            {
                if (Math.Abs(dx[i] - dy[i]) > threshold) return true;
            }
            return false;
        }
        for (var i = 0; i < x.Length; i++)
        {
            var ex = x.GetValue(i);
            var ey = y.GetValue(i);
            if (!TryToDouble(ex, out var a) || !TryToDouble(ey, out var b)) return !last.Equals(current); // not numbers: any change
            if (Math.Abs(a - b) > threshold) return true;
        }
        return false;
    }

    internal static bool TryToDouble(object? value, out double result)
    {
        switch (value)
        {
            case double d: result = d; return true;
            case float f: result = f; return true;
            case int i: result = i; return true;
            case uint u: result = u; return true;
            case long l: result = l; return true;
            case ulong ul: result = ul; return true;
            case short s: result = s; return true;
            case ushort us: result = us; return true;
            case sbyte sb: result = sb; return true;
            case byte b: result = b; return true;
            default: result = 0; return false;
        }
    }
}
