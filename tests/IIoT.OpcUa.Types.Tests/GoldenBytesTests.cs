using IIoT.OpcUa.Types;
using static IIoT.OpcUa.Types.Tests.Codec;

namespace IIoT.OpcUa.Types.Tests;

/// <summary>Exact encodings from PROTOCOL-NOTES §5, checked both ways.</summary>
public sealed class GoldenBytesTests
{
    [Fact]
    public void Null_NodeId_is_00_00() => Assert.Equal(Hex("0000"), Encode(w => w.WriteNodeId(NodeId.Null)));

    [Fact]
    public void Null_ExtensionObject_is_00_00_00()
    {
        Assert.Equal(Hex("000000"), Encode(w => w.WriteExtensionObject(ExtensionObject.Null)));
        Assert.True(Decode(Hex("000000"), static (ref UaBinaryReader r) => r.ReadExtensionObject()).IsNull);
    }

    [Fact]
    public void Empty_DiagnosticInfo_is_one_zero_byte() => Assert.Equal(Hex("00"), Encode(w => w.WriteDiagnosticInfo(new DiagnosticInfo())));

    [Fact]
    public void NodeId_forms()
    {
        Assert.Equal(Hex("0055"), Encode(w => w.WriteNodeId(new NodeId(85u))));
        Assert.Equal(Hex("0105D204"), Encode(w => w.WriteNodeId(new NodeId(1234u, 5))));
        Assert.Equal(Hex("02 0A00 40420F00"), Encode(w => w.WriteNodeId(new NodeId(1_000_000u, 10))));
        Assert.Equal(Hex("03 0100 03000000 616263"), Encode(w => w.WriteNodeId(new NodeId("abc", 1))));
        Assert.Equal(Hex("05 0200 02000000 ABCD"), Encode(w => w.WriteNodeId(new NodeId([0xAB, 0xCD], 2))));
        // ExpandedNodeId: 0x80 NamespaceUri (index written as 0) and 0x40 ServerIndex.
        Assert.Equal(Hex("C0 07 01000000 78 02000000"), Encode(w => w.WriteExpandedNodeId(new ExpandedNodeId(new NodeId(7u, 0), "x", 2))));
    }

    [Fact]
    public void Guid_layout_is_little_endian_fields_then_bytes()
    {
        var guid = Guid.Parse("72962B91-FA75-4AE6-8D28-B404DC7DAF63");
        var expected = Hex("912B9672 75FA E64A 8D28B404DC7DAF63");
        Assert.Equal(expected, Encode(w => w.WriteGuid(guid)));
        Assert.Equal(guid, Decode(expected, static (ref UaBinaryReader r) => r.ReadGuid()));
    }

    [Fact]
    public void Strings_null_empty_and_utf8()
    {
        Assert.Equal(Hex("FFFFFFFF"), Encode(w => w.WriteString(null)));
        Assert.Equal(Hex("00000000"), Encode(w => w.WriteString("")));
        Assert.Equal(Hex("02000000 C3A9"), Encode(w => w.WriteString("é")));
        Assert.Null(Decode(Hex("FFFFFFFF"), static (ref UaBinaryReader r) => r.ReadString()));
    }

    [Fact]
    public void Boolean_reads_any_nonzero_as_true() =>
        Assert.True(Decode(Hex("7F"), static (ref UaBinaryReader r) => r.ReadBoolean()));

    [Fact]
    public void LocalizedText_mask_bits()
    {
        Assert.Equal(Hex("02 01000000 74"), Encode(w => w.WriteLocalizedText(new LocalizedText(null, "t"))));
        Assert.Equal(Hex("03 02000000 656E 01000000 74"), Encode(w => w.WriteLocalizedText(new LocalizedText("en", "t"))));
    }

    [Fact]
    public void DataValue_wire_order_puts_picoseconds_after_their_timestamp()
    {
        var value = new DataValue
        {
            Value = Variant.From(5), Status = new StatusCode(0x80070000),
            SourceTimestamp = new UaDateTime(1), SourcePicoseconds = 2, ServerTimestamp = new UaDateTime(3), ServerPicoseconds = 4,
        };
        var expected = Hex("3F 06 05000000 00000780 0100000000000000 0200 0300000000000000 0400");
        Assert.Equal(expected, Encode(w => w.WriteDataValue(value)));
        Assert.Equal(value, Decode(expected, static (ref UaBinaryReader r) => r.ReadDataValue()));
    }

    [Fact]
    public void DataValue_picoseconds_of_10000_or_more_decode_as_9999()
    {
        var decoded = Decode(Hex("14 0100000000000000 1027"), static (ref UaBinaryReader r) => r.ReadDataValue());
        Assert.Equal(9_999, decoded.SourcePicoseconds);
    }

    [Fact]
    public void DiagnosticInfo_wire_order_puts_Locale_before_LocalizedText()
    {
        var value = new DiagnosticInfo { Locale = 1, LocalizedText = 2 };
        Assert.Equal(Hex("0C 01000000 02000000"), Encode(w => w.WriteDiagnosticInfo(value)));
    }

    [Fact]
    public void Variant_scalar_array_and_matrix()
    {
        Assert.Equal(Hex("06 2A000000"), Encode(w => w.WriteVariant(Variant.From(42))));
        Assert.Equal(Hex("00"), Encode(w => w.WriteVariant(Variant.Null)));
        Assert.Equal(Hex("83 02000000 0102"), Encode(w => w.WriteVariant(Variant.Array(BuiltInType.Byte, new byte[] { 1, 2 }))));
        Assert.Equal(Hex("C3 04000000 01020304 02000000 02000000 02000000"),
            Encode(w => w.WriteVariant(Variant.Array(BuiltInType.Byte, new byte[] { 1, 2, 3, 4 }, [2, 2]))));
    }

    [Fact]
    public void Variant_reserved_type_ids_26_to_31_decode_as_ByteString()
    {
        var decoded = DecodeVariant(Hex("1F 01000000 AA"));
        Assert.Equal(BuiltInType.ByteString, decoded.Type);
        Assert.Equal(new byte[] { 0xAA }, (byte[])decoded.Value!);
    }
}
