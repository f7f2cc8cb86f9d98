using System.IO.Compression;
using IIoT.Contracts;
using IIoT.Contracts.V1;
using IIoT.Gateway.Uplink;
using Xunit;

namespace IIoT.Gateway.Tests.Uplink;

public sealed class BatchEncoderTests
{
    [Fact]
    public void Encodes_a_gzipped_batch_of_exactly_the_requested_records_with_header_also_when_reused()
    {
        var records = Enumerable.Range(0, 10).Select(i => new QueuedRecord((ulong)(100 + i), i == 5
            ? BatchFraming.Frame(new LossRecord { Source = "buffer", Reason = "overflow", Count = 7 })
            : BatchFraming.Frame(new Point { Signal = "s" + i, IntValue = i, Source = "mqtt:a" }))).ToList();

        var encoder = new BatchEncoder();
        encoder.Encode("gw-7", 1, 1, records, 0, 10);
        var body = encoder.Encode("gw-7", 103, 42, records, 3, 4).ToArray();

        using var gunzip = new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
        var batch = Batch.Parser.ParseFrom(gunzip);
        Assert.Equal("gw-7", batch.GatewayId);
        Assert.Equal(103UL, batch.Sequence);
        Assert.Equal(42, batch.SentTimeNs);
        Assert.Equal(["s3", "s4", "s6"], batch.Points.Select(p => p.Signal));
        Assert.Equal(7UL, Assert.Single(batch.Losses).Count);
    }
}
