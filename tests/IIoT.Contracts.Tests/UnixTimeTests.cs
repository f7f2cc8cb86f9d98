using IIoT.Contracts;

namespace IIoT.Contracts.Tests;

public sealed class UnixTimeTests
{
    [Fact]
    public void Nanoseconds_round_trip_at_tick_precision()
    {
        var time = new DateTimeOffset(2026, 11, 26, 5, 0, 0, 123, TimeSpan.Zero).AddTicks(4567);
        var ns = UnixTime.ToNanoseconds(time);
        Assert.Equal(1_795_669_200_123_456_700, ns);
        Assert.Equal(time, UnixTime.FromNanoseconds(ns));
    }
}
