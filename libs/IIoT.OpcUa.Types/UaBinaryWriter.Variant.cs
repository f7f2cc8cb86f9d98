namespace IIoT.OpcUa.Types;

// Variant encoding (OPC 10000-6 §5.2.2.16).
public sealed partial class UaBinaryWriter
{
    public void WriteVariant(Variant value)
    {
        if (value.IsNull)
        {
            WriteByte(0);
            return;
        }
        var mask = (byte)value.Type;
        if (value.IsArray) mask |= 0x80;
        if (value.Dimensions is not null) mask |= 0x40;
        WriteByte(mask);
        if (!value.IsArray)
        {
            WriteScalar(value.Type, value.Value);
            return;
        }
        if (value.Value is not Array array)
        {
            WriteInt32(-1);
            return;
        }
        WriteInt32(array.Length);
        WriteElements(value.Type, array);
        if (value.Dimensions is { } dims)
        {
            WriteInt32(dims.Count);
            foreach (var d in dims) WriteInt32(d);
        }
    }

    private void WriteScalar(BuiltInType type, object? value)
    {
        switch (type)
        {
            case BuiltInType.Boolean: WriteBoolean((bool)value!); break;
            case BuiltInType.SByte: WriteSByte((sbyte)value!); break;
            case BuiltInType.Byte: WriteByte((byte)value!); break;
            case BuiltInType.Int16: WriteInt16((short)value!); break;
            case BuiltInType.UInt16: WriteUInt16((ushort)value!); break;
            case BuiltInType.Int32: WriteInt32((int)value!); break;
            case BuiltInType.UInt32: WriteUInt32((uint)value!); break;
            case BuiltInType.Int64: WriteInt64((long)value!); break;
            case BuiltInType.UInt64: WriteUInt64((ulong)value!); break;
            case BuiltInType.Float: WriteFloat((float)value!); break;
            case BuiltInType.Double: WriteDouble((double)value!); break;
            case BuiltInType.String: WriteString((string?)value); break;
            case BuiltInType.DateTime: WriteDateTime((UaDateTime)value!); break;
            case BuiltInType.Guid: WriteGuid((Guid)value!); break;
            case BuiltInType.ByteString: WriteByteString((byte[]?)value); break;
            case BuiltInType.XmlElement: WriteXmlElement((XmlElement)value!); break;
            case BuiltInType.NodeId: WriteNodeId((NodeId?)value); break;
            case BuiltInType.ExpandedNodeId: WriteExpandedNodeId((ExpandedNodeId?)value); break;
            case BuiltInType.StatusCode: WriteStatusCode((StatusCode)value!); break;
            case BuiltInType.QualifiedName: WriteQualifiedName((QualifiedName?)value); break;
            case BuiltInType.LocalizedText: WriteLocalizedText((LocalizedText?)value); break;
            case BuiltInType.ExtensionObject: WriteExtensionObject((ExtensionObject?)value); break;
            case BuiltInType.Variant: WriteVariant((Variant)value!); break;
            default: throw new ArgumentException($"A Variant cannot contain a {type}.");
        }
    }

    private void WriteElements(BuiltInType type, Array array)
    {
        // Byte arrays are the common bulk case; everything else goes element by element.
        if (array is byte[] bytes)
        {
            WriteRaw(bytes);
            return;
        }
        foreach (var element in array) WriteScalar(type, element);
    }
}
