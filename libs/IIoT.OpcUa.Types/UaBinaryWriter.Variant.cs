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
        // Typed loops for the numeric arrays machines publish, so no element is boxed; the rest goes through object.
        switch (array)
        {
            case byte[] bytes: WriteRaw(bytes); return;
            case double[] doubles: foreach (var v in doubles) WriteDouble(v); return;
            case float[] floats: foreach (var v in floats) WriteFloat(v); return;
            case int[] ints: foreach (var v in ints) WriteInt32(v); return;
            case uint[] uints: foreach (var v in uints) WriteUInt32(v); return;
            case short[] shorts: foreach (var v in shorts) WriteInt16(v); return;
            case ushort[] ushorts: foreach (var v in ushorts) WriteUInt16(v); return;
            case long[] longs: foreach (var v in longs) WriteInt64(v); return;
            case ulong[] ulongs: foreach (var v in ulongs) WriteUInt64(v); return;
            case bool[] bools: foreach (var v in bools) WriteBoolean(v); return;
            case string?[] strings: foreach (var v in strings) WriteString(v); return;
        }

        foreach (var element in array) WriteScalar(type, element);
    }
}
