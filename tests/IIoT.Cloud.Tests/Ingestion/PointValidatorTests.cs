using IIoT.Cloud.Ingestion;
using IIoT.Contracts.V1;

namespace IIoT.Cloud.Tests.Ingestion;

public sealed class PointValidatorTests
{
    private const long Now = 1_700_000_000_000_000_000;

    public static TheoryData<Point, string> BadPoints => new()
    {
        { new Point { Signal = "", DoubleValue = 1, SourceTimeNs = Now }, "signal is empty" },
        { new Point { Signal = new string('s', 257), DoubleValue = 1, SourceTimeNs = Now }, "longer than 256" },
        { new Point { Signal = "a\nb", DoubleValue = 1, SourceTimeNs = Now }, "control character" },
        { new Point { Signal = "bad\uFFFD", DoubleValue = 1, SourceTimeNs = Now }, "not valid UTF-8" },
        { new Point { Signal = "ends\\", DoubleValue = 1, SourceTimeNs = Now }, "backslash" },
        { new Point { Signal = "s", SourceTimeNs = Now }, "value is not set" },
        { new Point { Signal = "s", DoubleValue = double.NaN, SourceTimeNs = Now }, "finite" },
        { new Point { Signal = "s", DoubleValue = double.PositiveInfinity, SourceTimeNs = Now }, "finite" },
        { new Point { Signal = "s", StringValue = new string('x', 64 * 1024 + 1), SourceTimeNs = Now }, "longer than 65536 bytes" },
        { new Point { Signal = "s", IntValue = 1, SourceTimeNs = Now + 1 }, "outside the accepted window" },
        { new Point { Signal = "s", IntValue = 1 }, "timestamp is missing" },
        { new Point { Signal = "s", IntValue = 1, SourceTimeNs = Now, Asset = new AssetPath { Machine = "m\t1" } }, "asset.machine contains a control character" },
        { new Point { Signal = "s", IntValue = 1, SourceTimeNs = Now, Unit = "\u0000" }, "unit" },
    };

    [Theory]
    [MemberData(nameof(BadPoints))]
    public void Validate_rejects_bad_points_with_a_precise_reason(Point point, string reason)
    {
        var problem = PointValidator.Validate(point, Now - 1000, Now, out _);
        Assert.NotNull(problem);
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_accepts_a_bad_or_uncertain_point_without_a_value()
    {
        Assert.Null(PointValidator.Validate(new Point { Signal = "s", Quality = Quality.Bad, SourceTimeNs = Now }, Now - 1000, Now, out _));
        Assert.Null(PointValidator.Validate(new Point { Signal = "s", Quality = Quality.Uncertain, SourceTimeNs = Now }, Now - 1000, Now, out _));
    }

    [Fact]
    public void Validate_accepts_good_points_and_uses_receive_time_when_source_time_is_zero()
    {
        var point = new Point { Signal = "温度 a,b=c", StringValue = "中文 \"quoted\"\n", ReceiveTimeNs = Now - 5, Asset = new AssetPath { Site = "a\\b" } };
        Assert.Null(PointValidator.Validate(point, Now - 1000, Now, out var timestamp));
        Assert.Equal(Now - 5, timestamp);
    }
}
