using System.Buffers.Binary;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Types.Tests.Properties;

/// <summary>
/// FsCheck generators for every built-in type. Numbers mix raw bit patterns with the boundaries where the
/// encoding changes (e.g. NodeId 255/256, 65535/65536), strings mix null, empty, ASCII and any valid UTF-16
/// (supplementary planes included; lone surrogates cannot survive UTF-8 and are left out on purpose).
/// </summary>
internal static class UaGen
{
    public static Gen<byte> Byte { get; } = Gen.Choose(0, 255).Select(i => (byte)i);

    public static Gen<byte[]> Bytes(int count) => Gen.ArrayOf(Byte, count);

    public static Gen<byte[]> SomeBytes { get; } = Gen.Choose(0, 24).SelectMany(Bytes);

    public static Gen<ushort> UInt16 { get; } = Gen.OneOf(
        Gen.Elements<ushort>(0, 1, 255, 256, 65534, 65535),
        Gen.Choose(0, ushort.MaxValue).Select(i => (ushort)i));

    public static Gen<uint> UInt32 { get; } = Gen.OneOf(
        Gen.Elements<uint>(0u, 1u, 255u, 256u, 65535u, 65536u, int.MaxValue, uint.MaxValue),
        Bytes(4).Select(b => BinaryPrimitives.ReadUInt32LittleEndian(b)));

    public static Gen<ulong> UInt64 { get; } = Gen.OneOf(
        Gen.Elements<ulong>(0ul, 1ul, long.MaxValue, 1ul << 63, ulong.MaxValue),
        Bytes(8).Select(b => BinaryPrimitives.ReadUInt64LittleEndian(b)));

    /// <summary>Any bit pattern, so quiet and signalling NaNs with payloads, both zeros, infinities, subnormals.</summary>
    public static Gen<double> Double { get; } = Gen.OneOf(
        Gen.Elements(0.0, -0.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, double.MaxValue,
            BitConverter.Int64BitsToDouble(0x7FF0_0000_0000_0001), BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_0000)),
        UInt64.Select(u => BitConverter.Int64BitsToDouble((long)u)));

    public static Gen<float> Float { get; } = Gen.OneOf(
        Gen.Elements(0f, -0f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.Epsilon,
            BitConverter.Int32BitsToSingle(0x7F80_0001), BitConverter.Int32BitsToSingle(0x7FC0_0000)),
        UInt32.Select(u => BitConverter.Int32BitsToSingle((int)u)));

    private static readonly Gen<string> Ascii = Gen.ArrayOf(Gen.Choose(0x20, 0x7E).Select(c => (char)c))
        .Select(chars => new string(chars));

    // Any Unicode scalar value: BMP outside the surrogate block, and the supplementary planes as pairs.
    private static readonly Gen<string> Unicode = Gen.ArrayOf(
            Gen.OneOf(Gen.Choose(0, 0xD7FF), Gen.Choose(0xE000, 0x10FFFF)).Select(char.ConvertFromUtf32))
        .Select(parts => string.Concat(parts));

    public static Gen<string> NonNullString { get; } = Gen.Frequency(
        (1, Gen.Constant("")), (3, Ascii), (3, Unicode), (1, Gen.Elements("Ωµ€😀", "\0", "a\u0000b", "ns=2;s=x")));

    public static Gen<string?> String { get; } = Gen.Frequency(
        (1, Gen.Constant<string?>(null)), (6, NonNullString.Select(s => (string?)s)));

    public static Gen<byte[]?> ByteString { get; } = Gen.Frequency(
        (1, Gen.Constant<byte[]?>(null)), (1, Gen.Constant<byte[]?>([])), (4, SomeBytes.Select(b => (byte[]?)b)));

    public static Gen<Guid> Guid { get; } = Gen.OneOf(
        Gen.Constant(System.Guid.Empty), Bytes(16).Select(b => new Guid(b)));

    public static Gen<UaDateTime> DateTime { get; } = Gen.OneOf(
        Gen.Elements(UaDateTime.MinValue, UaDateTime.MaxValue, new UaDateTime(-1), new UaDateTime(long.MinValue)),
        UInt64.Select(u => new UaDateTime((long)u)));

    public static Gen<StatusCode> StatusCode { get; } = Gen.OneOf(
        Gen.Elements(new StatusCode(0), new StatusCode(StatusCodes.BadNodeIdUnknown), new StatusCode(0x4000_0000)),
        UInt32.Select(u => new StatusCode(u)));

    public static Gen<XmlElement> XmlElement { get; } = Gen.OneOf(
        Gen.Constant(new XmlElement(null)), Gen.Constant(new XmlElement("<a b=\"1\">ü</a>")), String.Select(s => new XmlElement(s)));

    public static Gen<NodeId> NodeId { get; } = Gen.OneOf(
        Gen.Zip(UInt16, UInt32).Select(t => new NodeId(t.Item2, t.Item1)),
        Gen.Zip(Gen.Elements<ushort>(0, 1, 255), Gen.Elements(0u, 255u, 256u, 65535u, 65536u)).Select(t => new NodeId(t.Item2, t.Item1)),
        Gen.Zip(UInt16, NonNullString).Select(t => new NodeId(t.Item2, t.Item1)),
        Gen.Zip(UInt16, Guid).Select(t => new NodeId(t.Item2, t.Item1)),
        Gen.Zip(UInt16, SomeBytes).Select(t => new NodeId(t.Item2.AsSpan(), t.Item1)));

    public static Gen<ExpandedNodeId> ExpandedNodeId { get; } =
        from node in NodeId
        from uri in Gen.Frequency((1, Gen.Constant<string?>(null)), (1, NonNullString.Select(s => (string?)s)))
        from server in Gen.OneOf(Gen.Constant(0u), UInt32)
        // With a NamespaceUri the wire carries index 0 (OPC 10000-6 §5.2.2.10), so only index 0 round-trips.
        select new ExpandedNodeId(uri is null ? node : WithNamespace(node, 0), uri, server);

    public static Gen<QualifiedName> QualifiedName { get; } = Gen.Zip(UInt16, String).Select(t => new QualifiedName(t.Item1, t.Item2));

    public static Gen<LocalizedText> LocalizedText { get; } = Gen.Zip(String, String).Select(t => new LocalizedText(t.Item1, t.Item2));

    public static Gen<ExtensionObject> ExtensionObject { get; } = Gen.OneOf(
        Gen.Constant(Types.ExtensionObject.Null),
        // A null TypeId other than i=0 with no body is known issue 2 (KnownIssueTests); ExtensionObject.Null covers i=0.
        NodeId.Where(id => !id.IsNull).Select(id => new ExtensionObject(id, ExtensionObjectEncoding.None, [])),
        Gen.Zip(NodeId, SomeBytes).Select(t => new ExtensionObject(t.Item1, ExtensionObjectEncoding.Binary, t.Item2)),
        Gen.Zip(NodeId, NonNullString).Select(t => new ExtensionObject(t.Item1, ExtensionObjectEncoding.Xml, Encoding.UTF8.GetBytes(t.Item2))));

    /// <summary>Every type a Variant may carry, scalar or array element (DataValue and DiagnosticInfo are refused, UA-D06).</summary>
    public static readonly BuiltInType[] VariantTypes =
        [.. Enum.GetValues<BuiltInType>().Where(t => t is not (BuiltInType.Null or BuiltInType.DataValue or BuiltInType.DiagnosticInfo or BuiltInType.Variant))];

    /// <summary>One element of the CLR type <see cref="Variant.ElementType"/> names; null only where the type allows it.</summary>
    public static Gen<object?> Element(BuiltInType type) => type switch
    {
        BuiltInType.Boolean => Gen.Elements<object?>(true, false),
        BuiltInType.SByte => Byte.Select(b => (object?)(sbyte)b),
        BuiltInType.Byte => Byte.Select(b => (object?)b),
        BuiltInType.Int16 => UInt16.Select(u => (object?)(short)u),
        BuiltInType.UInt16 => UInt16.Select(u => (object?)u),
        BuiltInType.Int32 => UInt32.Select(u => (object?)(int)u),
        BuiltInType.UInt32 => UInt32.Select(u => (object?)u),
        BuiltInType.Int64 => UInt64.Select(u => (object?)(long)u),
        BuiltInType.UInt64 => UInt64.Select(u => (object?)u),
        BuiltInType.Float => Float.Select(f => (object?)f),
        BuiltInType.Double => Double.Select(d => (object?)d),
        BuiltInType.String => String.Select(s => (object?)s),
        BuiltInType.DateTime => DateTime.Select(d => (object?)d),
        BuiltInType.Guid => Guid.Select(g => (object?)g),
        BuiltInType.ByteString => ByteString.Select(b => (object?)b),
        BuiltInType.XmlElement => XmlElement.Select(x => (object?)x),
        BuiltInType.NodeId => NodeId.Select(n => (object?)n),
        BuiltInType.ExpandedNodeId => ExpandedNodeId.Select(n => (object?)n),
        BuiltInType.StatusCode => StatusCode.Select(s => (object?)s),
        BuiltInType.QualifiedName => QualifiedName.Select(q => (object?)q),
        BuiltInType.LocalizedText => LocalizedText.Select(l => (object?)l),
        BuiltInType.ExtensionObject => ExtensionObject.Select(e => (object?)e),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static Gen<Variant> Variant { get; } = Gen.Sized(size => VariantOfDepth(Math.Min(3, size / 10)));

    /// <summary>Scalars, 1-D arrays (null and empty included), matrices, and arrays of Variants nested up to <paramref name="depth"/>.</summary>
    public static Gen<Variant> VariantOfDepth(int depth)
    {
        var type = Gen.Elements(VariantTypes);
        var scalar = type.SelectMany(t => Element(t).Select(v => Types.Variant.Scalar(t, v)));
        var array = from t in type
                    from count in Gen.Choose(-1, 6)
                    from values in Gen.ArrayOf(Element(t), Math.Max(count, 0))
                    select Types.Variant.Array(t, count < 0 ? null : Typed(t, values));
        var matrix = from t in type
                     from dims in Gen.ArrayOf(Gen.Choose(0, 3), 2).SelectMany(d => Gen.OneOf(Gen.Constant(d), Gen.Constant(d.Append(2).ToArray())))
                     from values in Gen.ArrayOf(Element(t), dims.Aggregate(1, (a, b) => a * b))
                     select Types.Variant.Array(t, Typed(t, values), dims);
        var gens = new List<Gen<Variant>> { Gen.Constant(Types.Variant.Null), scalar, array, matrix };
        if (depth > 0)
        {
            var inner = VariantOfDepth(depth - 1);
            gens.Add(Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(inner, n)).Select(v => Types.Variant.Array(BuiltInType.Variant, v)));
            gens.Add(Gen.ArrayOf(inner, 4).Select(v => Types.Variant.Array(BuiltInType.Variant, v, [2, 2])));
        }
        return Gen.OneOf(gens);
    }

    public static Gen<DataValue> DataValue { get; } =
        from value in Gen.OneOf(Gen.Constant(Types.Variant.Null), VariantOfDepth(1))
        from status in Gen.OneOf(Gen.Constant(Types.StatusCode.Good), StatusCode)
        from source in Gen.OneOf(Gen.Constant(default(UaDateTime)), DateTime)
        from sourcePico in Picoseconds
        from server in Gen.OneOf(Gen.Constant(default(UaDateTime)), DateTime)
        from serverPico in Picoseconds
        select new DataValue
        {
            Value = value, Status = status, SourceTimestamp = source, SourcePicoseconds = sourcePico,
            ServerTimestamp = server, ServerPicoseconds = serverPico,
        };

    public static Gen<DiagnosticInfo> DiagnosticInfo { get; } = Gen.Choose(0, 4).SelectMany(DiagnosticInfoOfDepth);

    public static Gen<DiagnosticInfo> DiagnosticInfoOfDepth(int depth) =>
        from symbolic in OptionalInt
        from uri in OptionalInt
        from locale in OptionalInt
        from text in OptionalInt
        from additional in String
        from innerStatus in Gen.OneOf(Gen.Constant<StatusCode?>(null), StatusCode.Select(s => (StatusCode?)s))
        from inner in depth == 0 ? Gen.Constant<DiagnosticInfo?>(null) : DiagnosticInfoOfDepth(depth - 1).Select(d => (DiagnosticInfo?)d)
        select new DiagnosticInfo
        {
            SymbolicId = symbolic, NamespaceUri = uri, Locale = locale, LocalizedText = text,
            AdditionalInfo = additional, InnerStatusCode = innerStatus, InnerDiagnosticInfo = inner,
        };

    private static readonly Gen<int?> OptionalInt = Gen.OneOf(Gen.Constant<int?>(null), UInt32.Select(u => (int?)(int)u));

    private static Gen<ushort> Picoseconds { get; } = Gen.OneOf(
        Gen.Constant((ushort)0), Gen.Elements<ushort>(1, 9_999), Gen.Choose(1, 9_999).Select(i => (ushort)i));

    /// <summary>A typed CLR array (e.g. int[]) of the generated elements, as Variant.Array wants.</summary>
    public static Array Typed(BuiltInType type, object?[] values)
    {
        var array = Array.CreateInstance(Types.Variant.ElementType(type), values.Length);
        for (var i = 0; i < values.Length; i++) array.SetValue(values[i], i);
        return array;
    }

    private static NodeId WithNamespace(NodeId id, ushort ns) => id.IdType switch
    {
        NodeIdType.Numeric => new NodeId(id.NumericId, ns),
        NodeIdType.String => new NodeId(id.StringId, ns),
        NodeIdType.Guid => new NodeId(id.GuidId, ns),
        _ => new NodeId(id.OpaqueId, ns),
    };
}
