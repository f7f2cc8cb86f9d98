namespace IIoT.OpcUa.Types;

// NodeId, ExpandedNodeId and the small composite built-ins (OPC 10000-6 §5.2.2.9 to §5.2.2.17).
public ref partial struct UaBinaryReader
{
    // OPC 10000-6 §5.2.2.9: NodeId encoding byte, low six bits select the form.
    private const byte TwoByte = 0x00, FourByte = 0x01, Numeric = 0x02, StringForm = 0x03, GuidForm = 0x04, Opaque = 0x05;

    // OPC 10000-6 §5.2.2.10: ExpandedNodeId flags in the same byte.
    private const byte NamespaceUriFlag = 0x80, ServerIndexFlag = 0x40;

    public NodeId ReadNodeId(string field = "NodeId")
    {
        // The high bits belong to ExpandedNodeId; a plain NodeId ignores them, as open62541 does.
        var encoding = ReadByte(field);
        return ReadNodeIdBody((byte)(encoding & 0x3F), field);
    }

    public ExpandedNodeId ReadExpandedNodeId(string field = "ExpandedNodeId")
    {
        var encoding = ReadByte(field);
        var nodeId = ReadNodeIdBody((byte)(encoding & 0x3F), field);
        string? uri = null;
        if ((encoding & NamespaceUriFlag) != 0)
        {
            uri = ReadString(field);
            // §5.2.2.10: with a NamespaceUri the index is not used (writers send 0); keeping it would change the value
            // on the next round trip.
            if (nodeId.NamespaceIndex != 0) nodeId = WithoutNamespace(nodeId);
        }
        var server = (encoding & ServerIndexFlag) != 0 ? ReadUInt32(field) : 0;
        return new ExpandedNodeId(nodeId, uri, server);
    }

    private static NodeId WithoutNamespace(NodeId nodeId) => nodeId.IdType switch
    {
        NodeIdType.Numeric => new NodeId(nodeId.NumericId),
        NodeIdType.String => new NodeId(nodeId.StringId),
        NodeIdType.Guid => new NodeId(nodeId.GuidId),
        _ => new NodeId(nodeId.OpaqueId),
    };

    private NodeId ReadNodeIdBody(byte form, string field)
    {
        switch (form)
        {
            case TwoByte:
                return new NodeId(ReadByte(field), 0);
            case FourByte:
                var ns = ReadByte(field);
                return new NodeId(ReadUInt16(field), ns);
            case Numeric:
                var nsNumeric = ReadUInt16(field);
                return new NodeId(ReadUInt32(field), nsNumeric);
            case StringForm:
                var nsString = ReadUInt16(field);
                return new NodeId(ReadString(field) ?? "", nsString);
            case GuidForm:
                var nsGuid = ReadUInt16(field);
                return new NodeId(ReadGuid(field), nsGuid);
            case Opaque:
                var nsOpaque = ReadUInt16(field);
                return new NodeId(ReadByteString(field) ?? [], nsOpaque);
            default:
                throw Decoding($"{field}: unknown NodeId encoding 0x{form:X2}");
        }
    }

    public QualifiedName ReadQualifiedName(string field = "QualifiedName")
    {
        var ns = ReadUInt16(field);
        return new QualifiedName(ns, ReadString(field));
    }

    public LocalizedText ReadLocalizedText(string field = "LocalizedText")
    {
        // OPC 10000-6 §5.2.2.14: 0x01 Locale, 0x02 Text.
        var mask = ReadByte(field);
        if ((mask & ~0x03) != 0) throw Decoding($"{field}: unknown mask bits 0x{mask:X2}");
        var locale = (mask & 0x01) != 0 ? ReadString(field) : null;
        var text = (mask & 0x02) != 0 ? ReadString(field) : null;
        return new LocalizedText(locale, text);
    }

    /// <summary>
    /// The body stays opaque. A body length of -1, or one longer than the bytes left, is refused (UA-D07); a body
    /// shorter than its structure is the structure decoder's problem, inside its own sub-reader.
    /// </summary>
    public ExtensionObject ReadExtensionObject(string field = "ExtensionObject")
    {
        EnterNesting(field);
        var typeId = ReadNodeId(field);
        var encoding = ReadByte(field);
        ExtensionObject result;
        switch (encoding)
        {
            case (byte)ExtensionObjectEncoding.None:
                // Only the canonical null (i=0) becomes ExtensionObject.Null, so other null forms survive a round trip.
                result = typeId.Equals(NodeId.Null) ? ExtensionObject.Null : new ExtensionObject(typeId, ExtensionObjectEncoding.None, []);
                break;
            case (byte)ExtensionObjectEncoding.Binary:
            case (byte)ExtensionObjectEncoding.Xml:
                var limit = encoding == 1 ? _limits.MaxByteStringLength : _limits.MaxStringLength;
                var length = ReadLength(field, limit, encoding == 1 ? "MaxByteStringLength" : "MaxStringLength", ".Body");
                if (length < 0) throw Decoding($"{field}.Body: length -1 with encoding {encoding}");
                result = new ExtensionObject(typeId, (ExtensionObjectEncoding)encoding, Take(length, field));
                break;
            default:
                throw Decoding($"{field}: unknown encoding byte 0x{encoding:X2}");
        }
        ExitNesting();
        return result;
    }

    public DataValue ReadDataValue(string field = "DataValue")
    {
        // OPC 10000-6 §5.2.2.17: wire order differs from bit order (pico seconds follow their timestamp).
        EnterNesting(field);
        var mask = ReadByte(field);
        if ((mask & 0xC0) != 0) throw Decoding($"{field}: unknown mask bits 0x{mask:X2}");
        var value = (mask & 0x01) != 0 ? ReadVariant(field) : Variant.Null;
        var status = (mask & 0x02) != 0 ? ReadStatusCode(field) : StatusCode.Good;
        var sourceTime = (mask & 0x04) != 0 ? ReadDateTime(field) : default;
        var sourcePico = (mask & 0x10) != 0 ? ClampPicoseconds(ReadUInt16(field)) : (ushort)0;
        var serverTime = (mask & 0x08) != 0 ? ReadDateTime(field) : default;
        var serverPico = (mask & 0x20) != 0 ? ClampPicoseconds(ReadUInt16(field)) : (ushort)0;
        ExitNesting();
        return new DataValue
        {
            Value = value, Status = status, SourceTimestamp = sourceTime, SourcePicoseconds = sourcePico,
            ServerTimestamp = serverTime, ServerPicoseconds = serverPico,
        };
    }

    private static ushort ClampPicoseconds(ushort value) => value >= 10_000 ? (ushort)9_999 : value;

    /// <summary>Counts against both the shared nesting budget and MaxDiagnosticInfoDepth (UA-D05).</summary>
    public DiagnosticInfo ReadDiagnosticInfo(string field = "DiagnosticInfo")
    {
        if (_diagnosticDepth >= _limits.MaxDiagnosticInfoDepth)
            throw Limit($"{field}: InnerDiagnosticInfo deeper than MaxDiagnosticInfoDepth {_limits.MaxDiagnosticInfoDepth}");
        EnterNesting(field);
        _diagnosticDepth++;
        // OPC 10000-6 §5.2.2.12: wire order SymbolicId, NamespaceUri, Locale, LocalizedText, AdditionalInfo, ...
        var mask = ReadByte(field);
        if ((mask & 0x80) != 0) throw Decoding($"{field}: unknown mask bits 0x{mask:X2}");
        int? symbolicId = (mask & 0x01) != 0 ? ReadInt32(field) : null;
        int? namespaceUri = (mask & 0x02) != 0 ? ReadInt32(field) : null;
        int? locale = (mask & 0x08) != 0 ? ReadInt32(field) : null;
        int? localizedText = (mask & 0x04) != 0 ? ReadInt32(field) : null;
        var additional = (mask & 0x10) != 0 ? ReadString(field) : null;
        StatusCode? innerStatus = (mask & 0x20) != 0 ? ReadStatusCode(field) : null;
        var inner = (mask & 0x40) != 0 ? ReadDiagnosticInfo(field) : null;
        _diagnosticDepth--;
        ExitNesting();
        return new DiagnosticInfo
        {
            SymbolicId = symbolicId, NamespaceUri = namespaceUri, Locale = locale, LocalizedText = localizedText,
            AdditionalInfo = additional, InnerStatusCode = innerStatus, InnerDiagnosticInfo = inner,
        };
    }
}
