using System.Buffers;
using Google.Protobuf;
using IIoT.Contracts;
using IIoT.Contracts.V1;

namespace IIoT.Contracts.Tests;

public sealed class BatchFramingTests
{
    private static Point SamplePoint(int i) => new()
    {
        Asset = new AssetPath { Site = "plant1", Area = "assembly", Line = "line1", Machine = $"m{i:00}" },
        Signal = "temperature_c",
        DoubleValue = 61.25 + i,
        SourceTimeNs = 1_764_133_200_123_000_000 + i,
        ReceiveTimeNs = 1_764_133_200_125_000_000 + i,
        Quality = Quality.Uncertain,
        SourceStatus = 0x40000000,
        Unit = "degC",
        Source = "mqtt:line1",
    };

    [Fact]
    public void A_batch_made_of_a_header_and_framed_records_parses_as_the_same_points_and_losses()
    {
        var points = Enumerable.Range(0, 5).Select(SamplePoint).ToList();
        points[1].IntValue = -42;
        points[2].BoolValue = true;
        points[3].StringValue = "运行中 \"quoted\"";
        var loss = new LossRecord { Source = "mqtt:line1", Reason = "malformed", Count = 3, FirstTimeNs = 1, LastTimeNs = 2, RecordedTimeNs = 3, Detail = "x" };

        var body = new ArrayBufferWriter<byte>();
        BatchFraming.WriteHeader(body, "gw-01", 77, 123456789);
        foreach (var point in points)
        {
            body.Write(BatchFraming.Frame(point));
        }
        body.Write(BatchFraming.Frame(loss));

        var batch = Batch.Parser.ParseFrom(body.WrittenSpan);
        Assert.Equal("gw-01", batch.GatewayId);
        Assert.Equal(77UL, batch.Sequence);
        Assert.Equal(123456789, batch.SentTimeNs);
        Assert.Equal(points, batch.Points);
        Assert.Equal(loss, Assert.Single(batch.Losses));
    }

    [Fact]
    public void Unframe_returns_the_message_a_record_holds_and_IsPoint_tells_them_apart()
    {
        var point = SamplePoint(1);
        var loss = new LossRecord { Source = "buffer", Reason = "overflow", Count = 10 };

        Assert.True(BatchFraming.IsPoint(BatchFraming.Frame(point)));
        Assert.False(BatchFraming.IsPoint(BatchFraming.Frame(loss)));
        Assert.Equal(point, BatchFraming.Unframe(BatchFraming.Frame(point)));
        Assert.Equal(loss, BatchFraming.Unframe(BatchFraming.Frame(loss)));
    }

    [Fact]
    public void Unframe_rejects_bytes_that_are_not_a_framed_record()
    {
        Assert.Throws<InvalidDataException>(() => BatchFraming.Unframe(new byte[] { 0x0A, 0x01, 0x41 }));
        Assert.ThrowsAny<InvalidProtocolBufferException>(() => BatchFraming.Unframe(new byte[] { 0x1A, 0x7F, 0x00 }));
    }

    [Fact]
    public void Protobuf_round_trip_keeps_every_value_kind_and_the_result_message()
    {
        var result = new BatchResult { Sequence = 9, AcceptedPoints = 3, Duplicate = true };
        result.Rejected.Add(new PointRejection { Index = 2, Reason = "value is NaN" });
        Assert.Equal(result, BatchResult.Parser.ParseFrom(result.ToByteArray()));
        var point = SamplePoint(3);
        point.IntValue = long.MinValue;
        Assert.Equal(point, Point.Parser.ParseFrom(point.ToByteArray()));
    }
}
