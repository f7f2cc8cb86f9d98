namespace IIoT.Contracts;

/// <summary>Nanoseconds since the Unix epoch, the time unit of the wire contract and of InfluxDB.</summary>
public static class UnixTime
{
    private const long NanosPerTick = 100;
    private static readonly long EpochTicks = DateTimeOffset.UnixEpoch.UtcTicks;

    public static long ToNanoseconds(DateTimeOffset time) => (time.UtcTicks - EpochTicks) * NanosPerTick;

    public static DateTimeOffset FromNanoseconds(long nanoseconds) =>
        new(EpochTicks + nanoseconds / NanosPerTick, TimeSpan.Zero);

    public static long Now(TimeProvider clock) => ToNanoseconds(clock.GetUtcNow());
}
