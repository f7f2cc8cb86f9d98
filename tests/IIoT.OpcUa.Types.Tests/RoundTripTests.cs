using IIoT.OpcUa.Types;
using static IIoT.OpcUa.Types.Tests.Codec;

namespace IIoT.OpcUa.Types.Tests;

public sealed class RoundTripTests
{
    public static TheoryData<int> ScalarIndexes() => new(Enumerable.Range(0, Samples.Scalars().Count()));

    public static TheoryData<int> ArrayIndexes() => new(Enumerable.Range(0, Samples.Arrays().Count()));

    [Theory]
    [MemberData(nameof(ScalarIndexes))]
    public void Every_scalar_round_trips_in_a_Variant(int index)
    {
        var value = Samples.Scalars().ElementAt(index);
        var decoded = DecodeVariant(Encode(w => w.WriteVariant(value)));
        Assert.Equal(value, decoded);
    }

    [Theory]
    [MemberData(nameof(ArrayIndexes))]
    public void Every_array_round_trips_in_a_Variant(int index)
    {
        var value = Samples.Arrays().ElementAt(index);
        var decoded = DecodeVariant(Encode(w => w.WriteVariant(value)));
        Assert.Equal(value, decoded);
        Assert.Equal(value.Dimensions, decoded.Dimensions);
    }

    [Fact]
    public void Matrix_keeps_its_dimensions_and_order()
    {
        var matrix = Variant.Array(BuiltInType.Int32, new[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        var decoded = DecodeVariant(Encode(w => w.WriteVariant(matrix)));
        Assert.Equal([2, 3], decoded.Dimensions!);
        Assert.Equal(new[] { 1, 2, 3, 4, 5, 6 }, (int[])decoded.Value!);
        Assert.NotEqual(Variant.Array(BuiltInType.Int32, new[] { 1, 2, 3, 4, 5, 6 }, [3, 2]), decoded);
    }

    [Fact]
    public void NaN_is_written_as_the_quiet_NaN()
    {
        var payloadNaN = BitConverter.Int64BitsToDouble(0x7FF0_0000_0000_0001);
        Assert.True(double.IsNaN(payloadNaN));
        var bytes = Encode(w => w.WriteDouble(payloadNaN));
        Assert.Equal(BitConverter.GetBytes(double.NaN), bytes);
    }

    [Theory]
    [InlineData(0u, 0, 2, 0x00)]
    [InlineData(255u, 0, 2, 0x00)]
    [InlineData(256u, 0, 4, 0x01)]
    [InlineData(65535u, 255, 4, 0x01)]
    [InlineData(65536u, 0, 7, 0x02)]
    [InlineData(1u, 256, 7, 0x02)]
    public void Numeric_NodeId_uses_the_shortest_form(uint id, int ns, int length, byte form)
    {
        var nodeId = new NodeId(id, (ushort)ns);
        var bytes = Encode(w => w.WriteNodeId(nodeId));
        Assert.Equal(length, bytes.Length);
        Assert.Equal(form, bytes[0]);
        Assert.Equal(nodeId, Decode(bytes, static (ref UaBinaryReader r) => r.ReadNodeId()));
    }

    [Fact]
    public void Every_NodeId_form_round_trips_plain_and_expanded()
    {
        foreach (var id in Samples.NodeIds())
        {
            Assert.Equal(id, Decode(Encode(w => w.WriteNodeId(id)), static (ref UaBinaryReader r) => r.ReadNodeId()));
            var expanded = new ExpandedNodeId(id, null, 3);
            Assert.Equal(expanded, Decode(Encode(w => w.WriteExpandedNodeId(expanded)), static (ref UaBinaryReader r) => r.ReadExpandedNodeId()));
        }
    }

    [Fact]
    public void DataValue_with_every_field_round_trips()
    {
        var full = new DataValue
        {
            Value = Variant.Array(BuiltInType.Variant, new[] { Variant.From(1.5), Variant.From("x") }),
            Status = new StatusCode(0x40000000),
            SourceTimestamp = new UaDateTime(1), SourcePicoseconds = 9_999,
            ServerTimestamp = UaDateTime.MaxValue, ServerPicoseconds = 1,
        };
        foreach (var value in new[] { full, new DataValue(), full with { Value = Variant.Null, SourcePicoseconds = 0 } })
        {
            Assert.Equal(value, Decode(Encode(w => w.WriteDataValue(value)), static (ref UaBinaryReader r) => r.ReadDataValue()));
        }
    }

    [Fact]
    public void DiagnosticInfo_with_nested_inner_round_trips()
    {
        var value = new DiagnosticInfo
        {
            SymbolicId = -1, NamespaceUri = 2, Locale = 3, LocalizedText = int.MaxValue, AdditionalInfo = "more",
            InnerStatusCode = new StatusCode(StatusCodes.BadDecodingError),
            InnerDiagnosticInfo = new DiagnosticInfo { LocalizedText = 5, InnerDiagnosticInfo = new DiagnosticInfo() },
        };
        Assert.Equal(value, Decode(Encode(w => w.WriteDiagnosticInfo(value)), static (ref UaBinaryReader r) => r.ReadDiagnosticInfo()));
    }

    [Fact]
    public void Primitive_arrays_round_trip_through_ReadArray()
    {
        var values = new[] { int.MinValue, 0, int.MaxValue };
        var bytes = Encode(w => w.WriteArray(values, static (w, v) => w.WriteInt32(v)));
        Assert.Equal(values, Decode(bytes, static (ref UaBinaryReader r) => r.ReadArray("Ints", 4, static (ref UaBinaryReader x) => x.ReadInt32())));
        var nullBytes = Encode(w => w.WriteArray<string>(null, static (w, v) => w.WriteString(v)));
        Assert.Null(Decode(nullBytes, static (ref UaBinaryReader r) => r.ReadArray("Strings", 4, static (ref UaBinaryReader x) => x.ReadString())));
    }

    [Fact]
    public void Randomized_variants_round_trip()
    {
        // A fixed seed keeps failures reproducible; FsCheck is not available.
        var random = new Random(20261126);
        var scalars = Samples.Scalars().Where(v => !v.IsNull).ToArray();
        for (var round = 0; round < 500; round++)
        {
            var value = RandomVariant(random, scalars, depth: 0);
            Assert.Equal(value, DecodeVariant(Encode(w => w.WriteVariant(value))));
        }
    }

    private static Variant RandomVariant(Random random, Variant[] scalars, int depth)
    {
        var pick = random.Next(depth > 4 ? 2 : 4);
        if (pick == 0) return scalars[random.Next(scalars.Length)];
        if (pick == 1)
        {
            var ints = new int[random.Next(0, 6) * 2];
            for (var i = 0; i < ints.Length; i++) ints[i] = random.Next(int.MinValue, int.MaxValue);
            return ints.Length > 0 && random.Next(2) == 0
                ? Variant.Array(BuiltInType.Int32, ints, [2, ints.Length / 2])
                : Variant.Array(BuiltInType.Int32, ints);
        }
        var items = new Variant[random.Next(0, 4)];
        for (var i = 0; i < items.Length; i++) items[i] = RandomVariant(random, scalars, depth + 1);
        return Variant.Array(BuiltInType.Variant, items);
    }
}
