namespace IIoT.OpcUa.Types;

// NodeId and the composite built-ins (OPC 10000-6 §5.2.2.9 to §5.2.2.17).
public sealed partial class UaBinaryWriter
{
    public void WriteNodeId(NodeId? value) => WriteNodeId(value ?? NodeId.Null, 0, value?.NamespaceIndex ?? 0);

    public void WriteExpandedNodeId(ExpandedNodeId? value)
    {
        value ??= ExpandedNodeId.Null;
        byte flags = 0;
        if (value.NamespaceUri is not null) flags |= 0x80;
        if (value.ServerIndex != 0) flags |= 0x40;
        // OPC 10000-6 §5.2.2.10: with a NamespaceUri the index on the wire is 0.
        WriteNodeId(value.NodeId, flags, value.NamespaceUri is null ? value.NodeId.NamespaceIndex : (ushort)0);
        if (value.NamespaceUri is not null) WriteString(value.NamespaceUri);
        if (value.ServerIndex != 0) WriteUInt32(value.ServerIndex);
    }

    private void WriteNodeId(NodeId value, byte flags, ushort ns)
    {
        switch (value.IdType)
        {
            case NodeIdType.Numeric when ns == 0 && value.NumericId <= byte.MaxValue:
                WriteByte(flags);
                WriteByte((byte)value.NumericId);
                break;
            case NodeIdType.Numeric when ns <= byte.MaxValue && value.NumericId <= ushort.MaxValue:
                WriteByte((byte)(flags | 0x01));
                WriteByte((byte)ns);
                WriteUInt16((ushort)value.NumericId);
                break;
            case NodeIdType.Numeric:
                WriteByte((byte)(flags | 0x02));
                WriteUInt16(ns);
                WriteUInt32(value.NumericId);
                break;
            case NodeIdType.String:
                WriteByte((byte)(flags | 0x03));
                WriteUInt16(ns);
                WriteString(value.StringId);
                break;
            case NodeIdType.Guid:
                WriteByte((byte)(flags | 0x04));
                WriteUInt16(ns);
                WriteGuid(value.GuidId);
                break;
            default:
                WriteByte((byte)(flags | 0x05));
                WriteUInt16(ns);
                WriteByteString(value.OpaqueId);
                break;
        }
    }

    public void WriteQualifiedName(QualifiedName? value)
    {
        WriteUInt16(value?.NamespaceIndex ?? 0);
        WriteString(value?.Name);
    }

    public void WriteLocalizedText(LocalizedText? value)
    {
        byte mask = 0;
        if (value?.Locale is not null) mask |= 0x01;
        if (value?.Text is not null) mask |= 0x02;
        WriteByte(mask);
        if (value?.Locale is not null) WriteString(value.Locale);
        if (value?.Text is not null) WriteString(value.Text);
    }

    public void WriteExtensionObject(ExtensionObject? value)
    {
        value ??= ExtensionObject.Null;
        WriteNodeId(value.TypeId);
        WriteByte((byte)value.Encoding);
        if (value.Encoding != ExtensionObjectEncoding.None) WriteByteString(value.Body);
    }

    public void WriteDataValue(DataValue? value)
    {
        value ??= new DataValue();
        byte mask = 0;
        if (!value.Value.IsNull) mask |= 0x01;
        if (value.Status != StatusCode.Good) mask |= 0x02;
        if (value.SourceTimestamp.Ticks != 0) mask |= 0x04;
        if (value.ServerTimestamp.Ticks != 0) mask |= 0x08;
        if (value.SourcePicoseconds != 0) mask |= 0x10;
        if (value.ServerPicoseconds != 0) mask |= 0x20;
        WriteByte(mask);
        // OPC 10000-6 §5.2.2.17: each picoseconds field follows its own timestamp.
        if ((mask & 0x01) != 0) WriteVariant(value.Value);
        if ((mask & 0x02) != 0) WriteStatusCode(value.Status);
        if ((mask & 0x04) != 0) WriteDateTime(value.SourceTimestamp);
        if ((mask & 0x10) != 0) WriteUInt16(value.SourcePicoseconds);
        if ((mask & 0x08) != 0) WriteDateTime(value.ServerTimestamp);
        if ((mask & 0x20) != 0) WriteUInt16(value.ServerPicoseconds);
    }

    public void WriteDiagnosticInfo(DiagnosticInfo? value)
    {
        value ??= new DiagnosticInfo();
        byte mask = 0;
        if (value.SymbolicId is not null) mask |= 0x01;
        if (value.NamespaceUri is not null) mask |= 0x02;
        if (value.LocalizedText is not null) mask |= 0x04;
        if (value.Locale is not null) mask |= 0x08;
        if (value.AdditionalInfo is not null) mask |= 0x10;
        if (value.InnerStatusCode is not null) mask |= 0x20;
        if (value.InnerDiagnosticInfo is not null) mask |= 0x40;
        WriteByte(mask);
        // OPC 10000-6 §5.2.2.12: Locale comes before LocalizedText on the wire.
        if (value.SymbolicId is { } symbolic) WriteInt32(symbolic);
        if (value.NamespaceUri is { } uri) WriteInt32(uri);
        if (value.Locale is { } locale) WriteInt32(locale);
        if (value.LocalizedText is { } text) WriteInt32(text);
        if (value.AdditionalInfo is not null) WriteString(value.AdditionalInfo);
        if (value.InnerStatusCode is { } status) WriteStatusCode(status);
        if (value.InnerDiagnosticInfo is not null) WriteDiagnosticInfo(value.InnerDiagnosticInfo);
    }
}
