using IIoT.OpcUa.Types;
using static IIoT.OpcUa.Types.Tests.Codec;

namespace IIoT.OpcUa.Types.Tests;

/// <summary>RELIABILITY B5 UA-D03..D08: nesting, forbidden Variant contents, ExtensionObject bodies, dimensions.</summary>
public sealed class DecoderStructureTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(99)]
    [InlineData(100)]
    public void UA_D03_Variant_nested_up_to_the_limit_passes(int depth)
    {
        var value = DecodeVariant(Samples.NestedVariantBytes(depth));
        for (var i = 1; i < depth; i++) value = ((Variant[])value.Value!)[0];
        Assert.Equal(Variant.From(1), value);
    }

    [Theory]
    [InlineData(101)]
    [InlineData(10_000)]
    [InlineData(200_000)]
    public void UA_D03_Variant_nested_past_the_limit_fails_without_stack_overflow(int depth)
    {
        var error = FailsVariant(Samples.NestedVariantBytes(depth));
        Assert.Equal(StatusCodes.BadEncodingLimitsExceeded, error.StatusCode.Code);
        Assert.Contains("MaxNestingDepth", error.Message);
    }

    [Fact]
    public void UA_D03_a_lower_limit_is_honoured_exactly()
    {
        var limits = EncodingLimits.Default with { MaxNestingDepth = 5 };
        DecodeVariant(Samples.NestedVariantBytes(5), limits);
        FailsVariant(Samples.NestedVariantBytes(6), limits);
    }

    [Fact]
    public void UA_D04_Variant_and_ExtensionObject_share_one_budget()
    {
        // Innermost: a Variant holding an ExtensionObject, which is one more level.
        var extension = Encode(w => w.WriteVariant(Variant.From(new ExtensionObject(new NodeId(1u), ExtensionObjectEncoding.Binary, [7]))));
        DecodeVariant(Samples.NestedVariantBytes(99, extension));
        Assert.Equal(StatusCodes.BadEncodingLimitsExceeded, FailsVariant(Samples.NestedVariantBytes(100, extension)).StatusCode.Code);
    }

    [Fact]
    public void UA_D04_DataValue_counts_against_the_same_budget()
    {
        var inner = Samples.NestedVariantBytes(99);
        Decode(Concat([0x01], inner), static (ref UaBinaryReader r) => r.ReadDataValue());
        var error = Fails(Concat([0x01], Samples.NestedVariantBytes(100)), static (ref UaBinaryReader r) => r.ReadDataValue());
        Assert.Equal(StatusCodes.BadEncodingLimitsExceeded, error.StatusCode.Code);
    }

    [Fact]
    public void UA_D04_a_body_decoder_continues_the_outer_depth()
    {
        // A structure decoder reading an ExtensionObject body starts its reader at the outer depth.
        var body = Samples.NestedVariantBytes(5);
        var passes = new UaBinaryReader(body, null, depth: 95);
        passes.ReadVariant();
        Assert.Equal(95, passes.Depth);
        Assert.Throws<UaDecodingException>(() =>
        {
            var fails = new UaBinaryReader(body, null, depth: 96);
            fails.ReadVariant();
        });
    }

    [Fact]
    public void UA_D04_a_refused_entry_does_not_leak_depth()
    {
        var reader = new UaBinaryReader([], EncodingLimits.Default with { MaxNestingDepth = 2 });
        reader.EnterNesting("a");
        reader.EnterNesting("b");
        var refused = false;
        try
        {
            reader.EnterNesting("c");
        }
        catch (UaDecodingException e) when (e.StatusCode.Code == StatusCodes.BadEncodingLimitsExceeded)
        {
            refused = true;
        }
        Assert.True(refused);
        Assert.Equal(2, reader.Depth);
        reader.ExitNesting();
        reader.EnterNesting("d");
        Assert.Equal(2, reader.Depth);
    }

    [Fact]
    public void UA_D05_DiagnosticInfo_chain_is_capped_at_MaxDiagnosticInfoDepth()
    {
        static byte[] Chain(int depth) => [.. Enumerable.Repeat((byte)0x40, depth - 1), 0x00];
        var ten = Decode(Chain(10), static (ref UaBinaryReader r) => r.ReadDiagnosticInfo());
        var count = 0;
        for (var d = ten; d is not null; d = d.InnerDiagnosticInfo) count++;
        Assert.Equal(10, count);
        foreach (var depth in new[] { 11, 100_000 })
        {
            var error = Fails(Chain(depth), static (ref UaBinaryReader r) => r.ReadDiagnosticInfo());
            Assert.Equal(StatusCodes.BadEncodingLimitsExceeded, error.StatusCode.Code);
            Assert.Contains("MaxDiagnosticInfoDepth", error.Message);
        }
    }

    [Theory]
    [InlineData("17 00")] // DataValue scalar (empty DataValue)
    [InlineData("19 00")] // DiagnosticInfo scalar (empty)
    [InlineData("97 01000000 00")] // DataValue array
    [InlineData("99 00000000")] // DiagnosticInfo array, even empty
    [InlineData("18 06 01000000")] // scalar Variant inside a Variant
    [InlineData("20")] // type id 32 does not exist
    [InlineData("40")] // null type with flags
    [InlineData("46 01000000")] // dimensions on a scalar
    public void UA_D06_forbidden_Variant_contents_are_rejected(string hex)
    {
        Assert.Equal(StatusCodes.BadDecodingError, FailsVariant(Hex(hex)).StatusCode.Code);
    }

    [Fact]
    public void UA_D06_Variant_cannot_be_built_with_DataValue_or_DiagnosticInfo()
    {
        Assert.Throws<ArgumentException>(() => Variant.Scalar(BuiltInType.DataValue, new DataValue()));
        Assert.Throws<ArgumentException>(() => Variant.Array(BuiltInType.DiagnosticInfo, new[] { new DiagnosticInfo() }));
        Assert.Throws<ArgumentException>(() => Variant.Scalar(BuiltInType.Variant, Variant.From(1)));
    }

    [Fact]
    public void UA_D07_ExtensionObject_body_longer_than_the_bytes_left_is_rejected()
    {
        var bytes = Concat(Hex("16 0001 01"), Int32Le(100), new byte[4]);
        var error = FailsVariant(bytes);
        Assert.Equal(StatusCodes.BadDecodingError, error.StatusCode.Code);
        Assert.Contains("Body", error.Message);
    }

    [Fact]
    public void UA_D07_ExtensionObject_body_shorter_than_its_content_leaves_bytes_that_are_detected()
    {
        // Declared 2 bytes, followed by 4: the leftovers are not swallowed into the body.
        var bytes = Concat(Hex("16 0001 01"), Int32Le(2), new byte[4]);
        Assert.Contains("unread", FailsVariant(bytes).Message);
    }

    [Theory]
    [InlineData("0001 01 FFFFFFFF")] // length -1 with a binary body
    [InlineData("0001 02 FEFFFFFF")] // negative xml length
    [InlineData("0001 03")] // unknown encoding byte
    [InlineData("0001 01 00000080")] // int.MinValue length
    public void UA_D07_malformed_ExtensionObject_headers_are_rejected(string hex)
    {
        Assert.Equal(StatusCodes.BadDecodingError, Fails(Hex(hex), static (ref UaBinaryReader r) => r.ReadExtensionObject()).StatusCode.Code);
    }

    [Fact]
    public void UA_D07_unknown_type_id_stays_opaque()
    {
        var bytes = Concat(Hex("03 0700 03000000 586E6B 01"), Int32Le(3), Hex("010203"));
        var decoded = Decode(bytes, static (ref UaBinaryReader r) => r.ReadExtensionObject());
        Assert.Equal(new NodeId("Xnk", 7), decoded.TypeId);
        Assert.Equal(new byte[] { 1, 2, 3 }, decoded.Body.ToArray());
        Assert.Equal(bytes, Encode(w => w.WriteExtensionObject(decoded)));
    }

    [Theory]
    [InlineData(new[] { 65_536, 65_536 })] // product past Int32
    [InlineData(new[] { int.MaxValue, 2, 0 })] // overflows before a later zero could hide it
    [InlineData(new[] { 2, 3 })] // product 6, but 4 elements
    [InlineData(new[] { 4, -1 })] // negative dimension
    [InlineData(new[] { -2, -2 })] // negatives that multiply to the count
    public void UA_D08_bad_dimensions_are_rejected(int[] dims)
    {
        var bytes = Concat(Hex("C6"), Int32Le(4), new byte[16], Int32Le(dims.Length), dims.SelectMany(Int32Le).ToArray());
        Assert.Equal(StatusCodes.BadDecodingError, FailsVariant(bytes).StatusCode.Code);
    }

    [Fact]
    public void UA_D08_huge_dimension_count_is_refused_before_reading()
    {
        var bytes = Concat(Hex("C6"), Int32Le(1), new byte[4], Int32Le(0x7FFFFFFE), new byte[8]);
        FailsVariant(bytes);
        var matching = Concat(Hex("C6"), Int32Le(4), new byte[16], Int32Le(2), Int32Le(2), Int32Le(2));
        Assert.Equal([2, 2], DecodeVariant(matching).Dimensions!);
    }
}
