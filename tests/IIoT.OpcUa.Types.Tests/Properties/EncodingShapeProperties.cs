using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Types.Tests.Properties;

/// <summary>Properties about the chosen wire form, not only the round trip: masks, NodeId forms, NaN, nesting.</summary>
public sealed class EncodingShapeProperties
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(500);

    /// <summary>OPC 10000-6 §5.2.2.9: two-byte if ns 0 and id &lt;= 255, four-byte if ns &lt;= 255 and id &lt;= 65535, else the full form.</summary>
    [Fact]
    public void NodeId_uses_the_smallest_valid_encoding()
    {
        Check.One(Quick, Prop.ForAll(UaGen.NodeId.ToArbitrary(), id =>
        {
            var bytes = Codec.Encode(w => w.WriteNodeId(id));
            var (form, length) = Expected(id);
            return (bytes[0] == form && bytes.Length == length).Label($"{id}: {Convert.ToHexString(bytes)}, expected form {form} of {length} bytes");
        }));
    }

    [Fact]
    public void ExpandedNodeId_sets_the_uri_and_server_flags_exactly_when_present()
    {
        Check.One(Quick, Prop.ForAll(UaGen.ExpandedNodeId.ToArbitrary(), id =>
        {
            var bytes = Codec.Encode(w => w.WriteExpandedNodeId(id));
            var (form, _) = Expected(id.NodeId);
            var flags = (id.NamespaceUri is null ? 0 : 0x80) | (id.ServerIndex == 0 ? 0 : 0x40);
            return (bytes[0] == (form | flags)).Label($"{id}: {Convert.ToHexString(bytes)}");
        }));
    }

    [Fact]
    public void LocalizedText_mask_has_a_bit_for_each_present_part()
    {
        Check.One(Quick, Prop.ForAll(UaGen.LocalizedText.ToArbitrary(), text =>
        {
            var bytes = Codec.Encode(w => w.WriteLocalizedText(text));
            var mask = (text.Locale is null ? 0 : 1) | (text.Text is null ? 0 : 2);
            return (bytes[0] == mask).Label($"{text.Locale}/{text.Text}: mask {bytes[0]}");
        }));
    }

    /// <summary>All 64 combinations of the six DataValue fields (OPC 10000-6 §5.2.2.17), picoseconds after their timestamp.</summary>
    [Fact]
    public void DataValue_every_mask_combination_round_trips_with_that_mask()
    {
        for (var mask = 0; mask < 64; mask++)
        {
            var value = new DataValue
            {
                Value = (mask & 0x01) != 0 ? Variant.From(1.5) : Variant.Null,
                Status = (mask & 0x02) != 0 ? new StatusCode(StatusCodes.BadNodeIdUnknown) : StatusCode.Good,
                SourceTimestamp = (mask & 0x04) != 0 ? new UaDateTime(1111) : default,
                ServerTimestamp = (mask & 0x08) != 0 ? new UaDateTime(2222) : default,
                SourcePicoseconds = (mask & 0x10) != 0 ? (ushort)9_999 : (ushort)0,
                ServerPicoseconds = (mask & 0x20) != 0 ? (ushort)1 : (ushort)0,
            };
            var bytes = Codec.Encode(w => w.WriteDataValue(value));
            Assert.Equal(mask, bytes[0]);
            Assert.Equal(value, Codec.Decode(bytes, static (ref UaBinaryReader r) => r.ReadDataValue()));
            // Wire order: value, status, source time, source pico, server time, server pico.
            var expectedLength = 1 + ((mask & 0x01) != 0 ? 9 : 0) + ((mask & 0x02) != 0 ? 4 : 0) + ((mask & 0x04) != 0 ? 8 : 0)
                + ((mask & 0x10) != 0 ? 2 : 0) + ((mask & 0x08) != 0 ? 8 : 0) + ((mask & 0x20) != 0 ? 2 : 0);
            Assert.Equal(expectedLength, bytes.Length);
        }
    }

    [Fact]
    public void DataValue_picoseconds_of_10000_or_more_decode_as_9999()
    {
        Check.One(Quick, Prop.ForAll(Gen.Choose(10_000, ushort.MaxValue).ToArbitrary(), pico =>
        {
            var bytes = Codec.Concat([0x14], BitConverter.GetBytes(5L), BitConverter.GetBytes((ushort)pico));
            var value = Codec.Decode(bytes, static (ref UaBinaryReader r) => r.ReadDataValue());
            return value.SourcePicoseconds == 9_999;
        }));
    }

    /// <summary>Any NaN payload (quiet or signalling, either sign) goes out as the spec's one quiet NaN, and decodes as NaN.</summary>
    [Fact]
    public void Double_and_Float_NaN_payloads_are_written_as_one_canonical_NaN()
    {
        var canonicalDouble = Codec.Encode(w => w.WriteDouble(double.NaN));
        var canonicalFloat = Codec.Encode(w => w.WriteFloat(float.NaN));
        Check.One(Quick, Prop.ForAll(UaGen.UInt64.ToArbitrary(), bits =>
        {
            var d = BitConverter.Int64BitsToDouble((long)(bits | 0x7FF0_0000_0000_0001));
            var f = BitConverter.Int32BitsToSingle((int)((uint)bits | 0x7F80_0001));
            return (double.IsNaN(d) && float.IsNaN(f)
                && Codec.Encode(w => w.WriteDouble(d)).AsSpan().SequenceEqual(canonicalDouble)
                && Codec.Encode(w => w.WriteFloat(f)).AsSpan().SequenceEqual(canonicalFloat)).Label($"0x{bits:X16}");
        }));
        // OPC 10000-6 §5.2.2.3: "Encoders shall encode a NaN value as an IEEE quiet-NAN (000000000000F8FF) or (0000C0FF)".
        Assert.Equal("000000000000F8FF", Convert.ToHexString(canonicalDouble));
        Assert.Equal("0000C0FF", Convert.ToHexString(canonicalFloat));
        Assert.True(double.IsNaN(BinaryPrimitives.ReadDoubleLittleEndian(canonicalDouble)));
    }

    /// <summary>A nested Variant array of depth d encodes d+1 masks deep and decodes only within MaxNestingDepth (UA-D04).</summary>
    [Fact]
    public void Nested_Variant_arrays_round_trip_and_respect_the_nesting_limit()
    {
        Check.One(Quick, Prop.ForAll(Gen.Choose(1, 12).ToArbitrary(), depth =>
        {
            var value = Variant.From(7);
            for (var i = 0; i < depth; i++) value = Variant.Array(BuiltInType.Variant, new[] { value });
            var bytes = Codec.Encode(w => w.WriteVariant(value));
            var limits = new EncodingLimits { MaxNestingDepth = 6 };
            bool fits;
            try
            {
                fits = Codec.DecodeVariant(bytes, limits) == value;
            }
            catch (UaDecodingException e) when (e.StatusCode == StatusCodes.BadEncodingLimitsExceeded)
            {
                fits = false;
            }
            return (fits == depth + 1 <= 6 && Codec.DecodeVariant(bytes) == value).Label($"depth {depth}");
        }));
    }

    /// <summary>UA-D05: an InnerDiagnosticInfo chain of MaxDiagnosticInfoDepth decodes; one more is refused.</summary>
    [Fact]
    public void DiagnosticInfo_inner_chain_decodes_up_to_its_limit()
    {
        Check.One(Quick, Prop.ForAll(Gen.Choose(1, 14).ToArbitrary(), length =>
        {
            var info = new DiagnosticInfo { SymbolicId = 0 };
            for (var i = 1; i < length; i++) info = new DiagnosticInfo { SymbolicId = i, InnerDiagnosticInfo = info };
            var bytes = Codec.Encode(w => w.WriteDiagnosticInfo(info));
            try
            {
                return (Codec.Decode(bytes, static (ref UaBinaryReader r) => r.ReadDiagnosticInfo()) == info
                    && length <= EncodingLimits.Default.MaxDiagnosticInfoDepth).Label($"{length} decoded");
            }
            catch (UaDecodingException e)
            {
                return (e.StatusCode == StatusCodes.BadEncodingLimitsExceeded
                    && length > EncodingLimits.Default.MaxDiagnosticInfoDepth).Label($"{length} refused");
            }
        }));
    }

    private static (byte Form, int Length) Expected(NodeId id) => id.IdType switch
    {
        NodeIdType.Numeric when id.NamespaceIndex == 0 && id.NumericId <= 255 => (0, 2),
        NodeIdType.Numeric when id.NamespaceIndex <= 255 && id.NumericId <= 65535 => (1, 4),
        NodeIdType.Numeric => (2, 7),
        NodeIdType.String => (3, 7 + System.Text.Encoding.UTF8.GetByteCount(id.StringId)),
        NodeIdType.Guid => (4, 19),
        _ => (5, 7 + id.OpaqueId.Length),
    };
}
