using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Types.Tests;

public sealed class UaDateTimeTests
{
    [Fact]
    public void Ticks_count_from_1601_in_100ns_units()
    {
        var t = UaDateTime.FromDateTime(new DateTime(1601, 1, 1, 0, 0, 1, DateTimeKind.Utc));
        Assert.Equal(10_000_000, t.Ticks);
        Assert.Equal(new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc), UaDateTime.FromDateTime(new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc)).ToDateTime());
    }

    [Fact]
    public void Min_and_max_clamp_as_the_spec_says()
    {
        Assert.Equal(0, UaDateTime.FromDateTime(DateTime.MinValue).Ticks);
        Assert.Equal(0, UaDateTime.FromDateTime(new DateTime(1500, 1, 1, 0, 0, 0, DateTimeKind.Utc)).Ticks);
        Assert.Equal(long.MaxValue, UaDateTime.FromDateTime(DateTime.MaxValue).Ticks);
        Assert.Equal(DateTime.MinValue, new UaDateTime(0).ToDateTime());
        Assert.Equal(DateTime.MinValue, new UaDateTime(-5).ToDateTime());
        Assert.Equal(DateTime.MaxValue, new UaDateTime(long.MaxValue).ToDateTime());
        Assert.Equal(DateTime.MaxValue, new UaDateTime(long.MaxValue - 1).ToDateTime());
    }

    [Fact]
    public void StatusCode_severity_and_name()
    {
        StatusCode bad = StatusCodes.BadDecodingError | 0x0000_0400;
        Assert.True(bad.IsBad);
        Assert.Equal("BadDecodingError", bad.Name);
        Assert.True(StatusCode.Good.IsGood);
        Assert.True(new StatusCode(0x40000000).IsUncertain);
    }
}
