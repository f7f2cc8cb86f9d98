using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Types.Tests;

/// <summary>Edge values of every built-in type that a Variant may hold.</summary>
internal static class Samples
{
    public static readonly Guid Guid1 = Guid.Parse("72962b91-fa75-4ae6-8d28-b404dc7daf63");

    public static IEnumerable<NodeId> NodeIds() =>
    [
        NodeId.Null, new NodeId(255u), new NodeId(256u), new NodeId(65535u, 255), new NodeId(65536u, 1),
        new NodeId(1u, 256), new NodeId(uint.MaxValue, ushort.MaxValue), new NodeId("", 0), new NodeId("Näme;x", 2),
        new NodeId(Guid1, 3), new NodeId(Guid.Empty), new NodeId([], 4), new NodeId([0, 1, 255], 65535),
    ];

    public static IEnumerable<Variant> Scalars()
    {
        yield return Variant.Null;
        yield return Variant.From(true);
        yield return Variant.From(false);
        yield return Variant.Scalar(BuiltInType.SByte, sbyte.MinValue);
        yield return Variant.Scalar(BuiltInType.SByte, sbyte.MaxValue);
        yield return Variant.Scalar(BuiltInType.Byte, byte.MaxValue);
        yield return Variant.Scalar(BuiltInType.Int16, short.MinValue);
        yield return Variant.Scalar(BuiltInType.UInt16, ushort.MaxValue);
        yield return Variant.From(int.MinValue);
        yield return Variant.From(int.MaxValue);
        yield return Variant.From(uint.MaxValue);
        yield return Variant.From(long.MinValue);
        yield return Variant.From(long.MaxValue);
        yield return Variant.Scalar(BuiltInType.UInt64, ulong.MaxValue);
        yield return Variant.From(float.NaN);
        yield return Variant.From(float.NegativeInfinity);
        yield return Variant.From(float.Epsilon);
        yield return Variant.From(double.NaN);
        yield return Variant.From(double.PositiveInfinity);
        yield return Variant.From(double.MinValue);
        yield return Variant.From((string?)null);
        yield return Variant.From("");
        yield return Variant.From("Ωµ€😀 mixed");
        yield return Variant.From(UaDateTime.MinValue);
        yield return Variant.From(UaDateTime.MaxValue);
        yield return Variant.From(UaDateTime.FromDateTime(new DateTime(2026, 11, 26, 6, 0, 0, DateTimeKind.Utc)));
        yield return Variant.Scalar(BuiltInType.Guid, Guid1);
        yield return Variant.Scalar(BuiltInType.ByteString, null);
        yield return Variant.Scalar(BuiltInType.ByteString, Array.Empty<byte>());
        yield return Variant.Scalar(BuiltInType.ByteString, new byte[] { 0, 1, 2, 255 });
        yield return Variant.Scalar(BuiltInType.XmlElement, new XmlElement("<a b=\"1\"/>"));
        yield return Variant.Scalar(BuiltInType.XmlElement, new XmlElement(null));
        foreach (var id in NodeIds()) yield return Variant.From(id);
        yield return Variant.Scalar(BuiltInType.ExpandedNodeId, new ExpandedNodeId(new NodeId("x", 0), "urn:ns;1", 7));
        yield return Variant.Scalar(BuiltInType.ExpandedNodeId, new ExpandedNodeId(new NodeId(1000u, 3), null, uint.MaxValue));
        yield return Variant.Scalar(BuiltInType.ExpandedNodeId, ExpandedNodeId.Null);
        yield return Variant.From(new StatusCode(StatusCodes.BadEncodingLimitsExceeded | 0x0400));
        yield return Variant.Scalar(BuiltInType.QualifiedName, new QualifiedName(3, "Name"));
        yield return Variant.Scalar(BuiltInType.QualifiedName, QualifiedName.Null);
        yield return Variant.Scalar(BuiltInType.LocalizedText, new LocalizedText("en-US", "Text"));
        yield return Variant.Scalar(BuiltInType.LocalizedText, new LocalizedText(null, "Text"));
        yield return Variant.Scalar(BuiltInType.LocalizedText, new LocalizedText("de", null));
        yield return Variant.Scalar(BuiltInType.LocalizedText, LocalizedText.Null);
        yield return Variant.From(ExtensionObject.Null);
        yield return Variant.From(new ExtensionObject(new NodeId(724u), ExtensionObjectEncoding.Binary, [1, 2, 3]));
        yield return Variant.From(new ExtensionObject(new NodeId("Unknown", 5), ExtensionObjectEncoding.Binary, []));
        yield return Variant.From(new ExtensionObject(new NodeId(1u, 1), ExtensionObjectEncoding.Xml, "<x/>"u8));
    }

    public static IEnumerable<Variant> Arrays()
    {
        // One array per scalar type, built from the scalar samples above.
        foreach (var group in Scalars().Where(v => !v.IsNull).GroupBy(v => v.Type))
        {
            var values = Array.CreateInstance(Variant.ElementType(group.Key), group.Count());
            var i = 0;
            foreach (var v in group) values.SetValue(v.Value, i++);
            yield return Variant.Array(group.Key, values);
            yield return Variant.Array(group.Key, Array.CreateInstance(Variant.ElementType(group.Key), 0));
            yield return Variant.Array(group.Key, null);
        }
        yield return Variant.Array(BuiltInType.Int32, new[] { 1, 2, 3, 4, 5, 6 }, [2, 3]);
        yield return Variant.Array(BuiltInType.String, new[] { "a", null, "c", "d", "", "f", "g", "h" }, [2, 2, 2]);
        yield return Variant.Array(BuiltInType.Double, Array.Empty<double>(), [0, 3]);
        yield return Variant.Array(BuiltInType.Variant, Scalars().ToArray());
        yield return Variant.Array(BuiltInType.Variant, new[] { Variant.Array(BuiltInType.Variant, new[] { Variant.From(1), Variant.Null }) });
    }

    /// <summary>Variant nested <paramref name="depth"/> deep (innermost scalar counts as one), as raw bytes.</summary>
    public static byte[] NestedVariantBytes(int depth, byte[]? innermost = null)
    {
        innermost ??= [0x06, 1, 0, 0, 0];
        var result = new byte[(depth - 1) * 5 + innermost.Length];
        for (var i = 0; i < depth - 1; i++)
        {
            result[i * 5] = 0x80 | 24;
            BitConverter.GetBytes(1).CopyTo(result, i * 5 + 1);
        }
        innermost.CopyTo(result, (depth - 1) * 5);
        return result;
    }
}
