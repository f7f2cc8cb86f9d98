namespace IIoT.OpcUa.Types;

/// <summary>
/// An OPC UA DateTime: Int64 count of 100 ns ticks since 1601-01-01 UTC (OPC 10000-6 §5.2.2.5). The raw ticks are
/// kept so that every wire value round-trips; the clamping rules apply only when converting to and from
/// <see cref="DateTime"/>: 0 (or less) means MinValue, Int64.MaxValue (or anything past 9999-12-31) means MaxValue.
/// </summary>
public readonly record struct UaDateTime(long Ticks)
{
    private static readonly long EpochTicks = new DateTime(1601, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
    private static readonly long MaxRepresentable = DateTime.MaxValue.Ticks - EpochTicks;

    public static UaDateTime MinValue => new(0);

    public static UaDateTime MaxValue => new(long.MaxValue);

    public bool IsMinValue => Ticks <= 0;

    public static UaDateTime FromDateTime(DateTime value)
    {
        var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;
        if (utc.Ticks <= EpochTicks) return MinValue;
        if (utc.Ticks >= DateTime.MaxValue.Ticks) return MaxValue;
        return new UaDateTime(utc.Ticks - EpochTicks);
    }

    public DateTime ToDateTime()
    {
        if (Ticks <= 0) return DateTime.MinValue;
        if (Ticks >= MaxRepresentable) return DateTime.MaxValue;
        return new DateTime(EpochTicks + Ticks, DateTimeKind.Utc);
    }

    public override string ToString() => ToDateTime().ToString("O");
}
