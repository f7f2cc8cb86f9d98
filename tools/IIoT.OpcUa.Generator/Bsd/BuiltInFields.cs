namespace IIoT.OpcUa.Generator.Bsd;

/// <summary>
/// The BSD names of the UA built-in types and their C# form. The BSD's own entries for these types do not match
/// the wire (PROTOCOL-NOTES §5), so the hand-written codec in IIoT.OpcUa.Types is used for them.
/// </summary>
internal static class BuiltInFields
{
    private const string Ua = "global::IIoT.OpcUa.Types.";

    private static readonly Dictionary<string, BuiltInField> Map = new(StringComparer.Ordinal)
    {
        ["Boolean"] = new("bool", null, "Boolean", 1),
        ["SByte"] = new("sbyte", null, "SByte", 1),
        ["Byte"] = new("byte", null, "Byte", 1),
        ["Int16"] = new("short", null, "Int16", 2),
        ["UInt16"] = new("ushort", null, "UInt16", 2),
        ["Int32"] = new("int", null, "Int32", 4),
        ["UInt32"] = new("uint", null, "UInt32", 4),
        ["Int64"] = new("long", null, "Int64", 8),
        ["UInt64"] = new("ulong", null, "UInt64", 8),
        ["Float"] = new("float", null, "Float", 4),
        ["Double"] = new("double", null, "Double", 8),
        ["String"] = new("string?", null, "String", 4),
        ["CharArray"] = new("string?", null, "String", 4),
        ["DateTime"] = new(Ua + "UaDateTime", null, "DateTime", 8),
        ["Guid"] = new("global::System.Guid", null, "Guid", 16),
        ["ByteString"] = new("byte[]?", null, "ByteString", 4),
        ["XmlElement"] = new(Ua + "XmlElement", null, "XmlElement", 4),
        ["NodeId"] = new(Ua + "NodeId", Ua + "NodeId.Null", "NodeId", 2),
        ["ExpandedNodeId"] = new(Ua + "ExpandedNodeId", Ua + "ExpandedNodeId.Null", "ExpandedNodeId", 2),
        ["StatusCode"] = new(Ua + "StatusCode", null, "StatusCode", 4),
        ["QualifiedName"] = new(Ua + "QualifiedName", Ua + "QualifiedName.Null", "QualifiedName", 6),
        ["LocalizedText"] = new(Ua + "LocalizedText", Ua + "LocalizedText.Null", "LocalizedText", 1),
        ["ExtensionObject"] = new(Ua + "ExtensionObject", Ua + "ExtensionObject.Null", "ExtensionObject", 3),
        ["DataValue"] = new(Ua + "DataValue", "new()", "DataValue", 1),
        ["Variant"] = new(Ua + "Variant", null, "Variant", 1),
        ["DiagnosticInfo"] = new(Ua + "DiagnosticInfo", "new()", "DiagnosticInfo", 1),
    };

    /// <summary>BSD entries that describe built-in types or their parts; never generated.</summary>
    public static readonly IReadOnlySet<string> SchemaOnly = new HashSet<string>(StringComparer.Ordinal)
    {
        "XmlElement", "NodeIdType", "TwoByteNodeId", "FourByteNodeId", "NumericNodeId", "StringNodeId", "GuidNodeId",
        "ByteStringNodeId", "NodeId", "ExpandedNodeId", "StatusCode", "DiagnosticInfo", "QualifiedName", "LocalizedText",
        "DataValue", "ExtensionObject", "Variant",
    };

    /// <summary>Looks up "opc:Int32", "ua:NodeId" and the like; the prefix does not matter for built-ins.</summary>
    public static BuiltInField? Find(string typeName) => Map.GetValueOrDefault(LocalName(typeName));

    public static string LocalName(string typeName)
    {
        var colon = typeName.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? typeName : typeName[(colon + 1)..];
    }
}
