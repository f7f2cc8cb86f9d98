namespace IIoT.Simulators.Model;

/// <summary>Where message timestamps come from: the wall clock, or a virtual clock that makes runs reproducible.</summary>
internal abstract class TimestampSource
{
    /// <summary>Unix milliseconds for the tick with this zero-based number.</summary>
    public abstract long UnixMilliseconds(long tick);

    public static TimestampSource RealTime(TimeProvider time) => new RealTimeSource(time);

    public static TimestampSource Virtual(DateTimeOffset start, TimeSpan interval) => new VirtualSource(start, interval);

    private sealed class RealTimeSource(TimeProvider time) : TimestampSource
    {
        public override long UnixMilliseconds(long tick) => time.GetUtcNow().ToUnixTimeMilliseconds();
    }

    private sealed class VirtualSource(DateTimeOffset start, TimeSpan interval) : TimestampSource
    {
        public override long UnixMilliseconds(long tick) => (start + interval * tick).ToUnixTimeMilliseconds();
    }
}
