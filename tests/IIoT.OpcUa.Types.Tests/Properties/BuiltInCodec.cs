using FsCheck;
using FsCheck.Fluent;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Types.Tests.Properties;

/// <summary>One built-in type as the properties see it: a generator, its writer and its reader, boxed.</summary>
internal sealed record BuiltInCodec(string Name, Gen<object?> Gen, Action<UaBinaryWriter, object?> Write, UaElementReader<object?> Read)
{
    public byte[] Encode(object? value) => Codec.Encode(w => Write(w, value));

    /// <summary>Decodes and requires every byte to be consumed (a trailing byte would hide a length bug).</summary>
    public object? Decode(byte[] bytes) => Codec.Decode(bytes, Read);

    public override string ToString() => Name;

    /// <summary>Every built-in type, Boolean to DiagnosticInfo (OPC 10000-6 §5.1.2).</summary>
    public static IReadOnlyList<BuiltInCodec> All { get; } =
    [
        Of("Boolean", FsCheck.Fluent.Gen.Elements(true, false), (w, v) => w.WriteBoolean(v), (ref UaBinaryReader r) => r.ReadBoolean()),
        Of("SByte", UaGen.Byte.Select(b => (sbyte)b), (w, v) => w.WriteSByte(v), (ref UaBinaryReader r) => r.ReadSByte()),
        Of("Byte", UaGen.Byte, (w, v) => w.WriteByte(v), (ref UaBinaryReader r) => r.ReadByte()),
        Of("Int16", UaGen.UInt16.Select(u => (short)u), (w, v) => w.WriteInt16(v), (ref UaBinaryReader r) => r.ReadInt16()),
        Of("UInt16", UaGen.UInt16, (w, v) => w.WriteUInt16(v), (ref UaBinaryReader r) => r.ReadUInt16()),
        Of("Int32", UaGen.UInt32.Select(u => (int)u), (w, v) => w.WriteInt32(v), (ref UaBinaryReader r) => r.ReadInt32()),
        Of("UInt32", UaGen.UInt32, (w, v) => w.WriteUInt32(v), (ref UaBinaryReader r) => r.ReadUInt32()),
        Of("Int64", UaGen.UInt64.Select(u => (long)u), (w, v) => w.WriteInt64(v), (ref UaBinaryReader r) => r.ReadInt64()),
        Of("UInt64", UaGen.UInt64, (w, v) => w.WriteUInt64(v), (ref UaBinaryReader r) => r.ReadUInt64()),
        Of("Float", UaGen.Float, (w, v) => w.WriteFloat(v), (ref UaBinaryReader r) => r.ReadFloat()),
        Of("Double", UaGen.Double, (w, v) => w.WriteDouble(v), (ref UaBinaryReader r) => r.ReadDouble()),
        Of("String", UaGen.String, (w, v) => w.WriteString(v), (ref UaBinaryReader r) => r.ReadString()),
        Of("DateTime", UaGen.DateTime, (w, v) => w.WriteDateTime(v), (ref UaBinaryReader r) => r.ReadDateTime()),
        Of("Guid", UaGen.Guid, (w, v) => w.WriteGuid(v), (ref UaBinaryReader r) => r.ReadGuid()),
        Of("ByteString", UaGen.ByteString, (w, v) => w.WriteByteString(v), (ref UaBinaryReader r) => r.ReadByteString()),
        Of("XmlElement", UaGen.XmlElement, (w, v) => w.WriteXmlElement(v), (ref UaBinaryReader r) => r.ReadXmlElement()),
        Of("NodeId", UaGen.NodeId, (w, v) => w.WriteNodeId(v), (ref UaBinaryReader r) => r.ReadNodeId()),
        Of("ExpandedNodeId", UaGen.ExpandedNodeId, (w, v) => w.WriteExpandedNodeId(v), (ref UaBinaryReader r) => r.ReadExpandedNodeId()),
        Of("StatusCode", UaGen.StatusCode, (w, v) => w.WriteStatusCode(v), (ref UaBinaryReader r) => r.ReadStatusCode()),
        Of("QualifiedName", UaGen.QualifiedName, (w, v) => w.WriteQualifiedName(v), (ref UaBinaryReader r) => r.ReadQualifiedName()),
        Of("LocalizedText", UaGen.LocalizedText, (w, v) => w.WriteLocalizedText(v), (ref UaBinaryReader r) => r.ReadLocalizedText()),
        Of("ExtensionObject", UaGen.ExtensionObject, (w, v) => w.WriteExtensionObject(v), (ref UaBinaryReader r) => r.ReadExtensionObject()),
        Of("DataValue", UaGen.DataValue, (w, v) => w.WriteDataValue(v), (ref UaBinaryReader r) => r.ReadDataValue()),
        Of("Variant", UaGen.Variant, (w, v) => w.WriteVariant(v), (ref UaBinaryReader r) => r.ReadVariant()),
        Of("DiagnosticInfo", UaGen.DiagnosticInfo, (w, v) => w.WriteDiagnosticInfo(v), (ref UaBinaryReader r) => r.ReadDiagnosticInfo()),
    ];

    public static BuiltInCodec Named(string name) => All.Single(c => c.Name == name);

    private static BuiltInCodec Of<T>(string name, Gen<T> gen, Action<UaBinaryWriter, T> write, UaElementReader<T> read) =>
        new(name, gen.Select(v => (object?)v), (w, v) => write(w, (T)v!), (ref UaBinaryReader r) => read(ref r));
}
