using IIoT.Contracts;
using IIoT.Contracts.V1;
using IIoT.Gateway.Collection.OpcUa;
using IIoT.OpcUa.Types;
using Xunit;

namespace IIoT.Gateway.Tests.OpcUa;

/// <summary>The pump's direct encoder against the reference: OpcUaPointMapper + BatchFraming, byte for byte.</summary>
public sealed class PumpEncoderTests
{
    private const long ReceiveNs = 1_700_000_000_123_456_700;
    private static readonly UaDateTime Source = UaDateTime.FromDateTime(new DateTime(2026, 11, 26, 10, 0, 0, 123, DateTimeKind.Utc).AddTicks(4567));
    private static readonly UaDateTime Server = UaDateTime.FromDateTime(new DateTime(2026, 11, 26, 10, 0, 1, DateTimeKind.Utc));

    public static TheoryData<int> Cases() => [.. Enumerable.Range(0, Values.Length)];

    private static readonly Variant[] Values =
    [
        Variant.From(21.5), Variant.From(0.0), Variant.From(-1e300), Variant.From(double.NaN), Variant.From(1.25f),
        Variant.From(0), Variant.From(-1), Variant.From(int.MaxValue), Variant.From(uint.MaxValue), Variant.From(long.MinValue), Variant.From(long.MaxValue),
        Variant.Scalar(BuiltInType.UInt64, ulong.MaxValue), Variant.Scalar(BuiltInType.UInt64, 5ul), Variant.Scalar(BuiltInType.Int16, (short)-300),
        Variant.Scalar(BuiltInType.Byte, (byte)200), Variant.Scalar(BuiltInType.SByte, (sbyte)-5), Variant.Scalar(BuiltInType.UInt16, (ushort)65535),
        Variant.From(true), Variant.From(false), Variant.From("läuft"), Variant.From(""), Variant.Null, Variant.From(Source),
        Variant.Array(BuiltInType.Int32, new[] { 1, 2, 3 }),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_point_is_encoded_exactly_as_the_mapper_and_framing_encode_it(int index)
    {
        uint[] statuses = [0, 0x40000000, 0x80340000, 0x00A00000];
        UaDateTime[] sources = [Source, UaDateTime.MinValue];
        UaDateTime[] servers = [Server, UaDateTime.MinValue];
        foreach (var (machine, unit) in new[] { ("m01", (string?)"degC"), ("", null) })
        {
            foreach (var status in statuses)
            {
                foreach (var source in sources)
                {
                    foreach (var server in servers)
                    {
                        var item = new OpcUaItem("Nodes:0", new NodeId(1u), machine, "temperature_c", unit);
                        var asset = new AssetPath { Site = "plant1", Area = "assembly", Line = "line1", Machine = machine };
                        var value = new DataValue { Value = Values[index], Status = new StatusCode(status), SourceTimestamp = source, ServerTimestamp = server };
                        var buffer = new OpcUaPumpBuffer();

                        Assert.True(OpcUaPumpEncoder.TryEncode(new OpcUaPumpItem(item, asset, "opcua:line1"), value, ReceiveNs, buffer, out var sourceNs));

                        var expected = OpcUaPointMapper.Map(item, value, asset, "opcua:line1", ReceiveNs);
                        var record = Assert.Single(buffer.Records);
                        Assert.Equal(BatchFraming.Frame(expected), record.ToArray());
                        Assert.Equal(expected.SourceTimeNs, sourceNs);
                    }
                }
            }
        }
    }

    [Fact]
    public void A_repeated_value_with_the_same_source_timestamp_is_dropped_and_anything_new_is_kept()
    {
        var item = new OpcUaPumpItem(new OpcUaItem("Nodes:0", new NodeId(1u), "m01", "counter", null), new AssetPath { Machine = "m01" }, "opcua:line1");
        var buffer = new OpcUaPumpBuffer();
        var later = new UaDateTime(Source.Ticks + 10_000);
        bool Store(Variant v, UaDateTime source, uint status = 0) =>
            OpcUaPumpEncoder.TryEncode(item, new DataValue { Value = v, SourceTimestamp = source, Status = new StatusCode(status) }, ReceiveNs, buffer, out _);

        Assert.True(Store(Variant.From(5), Source));
        Assert.False(Store(Variant.From(5), Source)); // re-sent after a reconnect: same timestamp, same value
        Assert.True(Store(Variant.From(6), Source)); // a different value at the same timestamp is not a duplicate
        Assert.True(Store(Variant.From(6), later)); // the same value sampled again
        Assert.True(Store(Variant.From(6), later, 0x40000000)); // the status changed
        Assert.False(Store(Variant.From(6), later, 0x40000000));
        Assert.True(Store(Variant.From(6.0), later)); // a double 6 is another value than an int 6
        Assert.True(Store(Variant.From("a"), later));
        Assert.False(Store(Variant.From("a"), later));
        Assert.True(Store(Variant.From("b"), later));
        // Without a source timestamp nothing tells a repeat from a new sample of the same value: never dropped.
        Assert.True(Store(Variant.From(7), UaDateTime.MinValue));
        Assert.True(Store(Variant.From(7), UaDateTime.MinValue));

        var points = buffer.Records.Select(r => (Point)BatchFraming.Unframe(r.Span)).ToList();
        Assert.Equal(9, points.Count);
        Assert.Equal([5L, 6L, 6L, 6L], points.Take(4).Select(p => p.IntValue));
    }

    [Fact]
    public void Records_keep_their_bytes_across_chunks_and_after_a_reset_the_chunks_are_reused()
    {
        var item = new OpcUaPumpItem(new OpcUaItem("Nodes:0", new NodeId(1u), "m01", "text", null), new AssetPath { Machine = "m01" }, "opcua:line1");
        var buffer = new OpcUaPumpBuffer();
        var big = new string('x', 3000);
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < 200; i++)
            {
                var value = new DataValue { Value = i % 2 == 0 ? Variant.From(big + i) : Variant.From(i), SourceTimestamp = new UaDateTime(Source.Ticks + round * 1000 + i) };
                Assert.True(OpcUaPumpEncoder.TryEncode(item, value, ReceiveNs, buffer, out _));
            }
            Assert.True(buffer.Bytes > OpcUaPumpBuffer.ChunkSize); // more than one chunk
            var points = buffer.Records.Select(r => (Point)BatchFraming.Unframe(r.Span)).ToList();
            Assert.Equal(200, points.Count);
            for (var i = 0; i < 200; i++)
            {
                if (i % 2 == 0)
                {
                    Assert.Equal(big + i, points[i].StringValue);
                }
                else
                {
                    Assert.Equal(i, points[i].IntValue);
                }
            }
            Assert.Equal(buffer.Records.Sum(r => (long)r.Length), buffer.Bytes);
            buffer.Reset();
            Assert.Empty(buffer.Records);
        }
    }
}
