namespace IIoT.OpcUa.Types;

// Variant decoding (OPC 10000-6 §5.2.2.16).
public ref partial struct UaBinaryReader
{
    // EncodingMask: bits 0-5 type id, 0x40 ArrayDimensions present, 0x80 array.
    private const byte TypeMask = 0x3F, DimensionsFlag = 0x40, ArrayFlag = 0x80;

    public Variant ReadVariant(string field = "Variant")
    {
        EnterNesting(field);
        var mask = ReadByte(field);
        var typeId = mask & TypeMask;
        Variant result;
        if (mask == 0)
        {
            result = Variant.Null;
        }
        else
        {
            if (typeId == 0) throw Decoding($"{field}: null type with flags 0x{mask:X2}");
            var type = ToVariantType(typeId, field);
            if ((mask & ArrayFlag) == 0)
            {
                if ((mask & DimensionsFlag) != 0) throw Decoding($"{field}: dimensions on a scalar");
                if (type == BuiltInType.Variant) throw Decoding($"{field}: a scalar Variant cannot contain a Variant");
                result = Variant.FromDecoded(type, ReadScalar(type, field), false, null);
            }
            else
            {
                var values = ReadTypedArray(type, field);
                var dims = (mask & DimensionsFlag) != 0 ? ReadDimensions(field, values) : null;
                result = Variant.FromDecoded(type, values, true, dims);
            }
        }
        ExitNesting();
        return result;
    }

    private static BuiltInType ToVariantType(int typeId, string field)
    {
        // UA-D06: DataValue and DiagnosticInfo are not allowed in a Variant.
        if (typeId is (int)BuiltInType.DataValue or (int)BuiltInType.DiagnosticInfo)
            throw Decoding($"{field}: a Variant cannot contain a {(BuiltInType)typeId}");
        if (typeId <= (int)BuiltInType.DiagnosticInfo) return (BuiltInType)typeId;
        // OPC 10000-6 §5.2.2.16: decoders accept the reserved ids 26-31 as ByteString.
        if (typeId <= 31) return BuiltInType.ByteString;
        throw Decoding($"{field}: unknown built-in type id {typeId}");
    }

    private int[]? ReadDimensions(string field, Array? values)
    {
        var count = ReadArrayLength(field, 4);
        if (count <= 0) return null;
        if (values is null) throw Decoding($"{field}: dimensions on a null array");
        var dims = new int[count];
        long product = 1;
        for (var i = 0; i < count; i++)
        {
            dims[i] = ReadInt32(field);
            if (dims[i] < 0) throw Decoding($"{field}: negative array dimension {dims[i]}");
            // UA-D08: stop as soon as the product leaves Int32; it can then never match the element count.
            product *= dims[i];
            if (product > int.MaxValue) throw Decoding($"{field}: array dimensions multiply past Int32");
        }
        if (product != values.Length)
            throw Decoding($"{field}: array dimensions multiply to {product} but there are {values.Length} elements");
        return count == 1 ? null : dims;
    }

    private object? ReadScalar(BuiltInType type, string field) => type switch
    {
        BuiltInType.Boolean => ReadBoolean(field),
        BuiltInType.SByte => ReadSByte(field),
        BuiltInType.Byte => ReadByte(field),
        BuiltInType.Int16 => ReadInt16(field),
        BuiltInType.UInt16 => ReadUInt16(field),
        BuiltInType.Int32 => ReadInt32(field),
        BuiltInType.UInt32 => ReadUInt32(field),
        BuiltInType.Int64 => ReadInt64(field),
        BuiltInType.UInt64 => ReadUInt64(field),
        BuiltInType.Float => ReadFloat(field),
        BuiltInType.Double => ReadDouble(field),
        BuiltInType.String => ReadString(field),
        BuiltInType.DateTime => ReadDateTime(field),
        BuiltInType.Guid => ReadGuid(field),
        BuiltInType.ByteString => ReadByteString(field),
        BuiltInType.XmlElement => ReadXmlElement(field),
        BuiltInType.NodeId => ReadNodeId(field),
        BuiltInType.ExpandedNodeId => ReadExpandedNodeId(field),
        BuiltInType.StatusCode => ReadStatusCode(field),
        BuiltInType.QualifiedName => ReadQualifiedName(field),
        BuiltInType.LocalizedText => ReadLocalizedText(field),
        BuiltInType.ExtensionObject => ReadExtensionObject(field),
        _ => throw Decoding($"{field}: {type} cannot be a Variant scalar"),
    };

    // Minimum encoded sizes let ReadArrayLength refuse counts that cannot fit before allocating (UA-D01).
    private Array? ReadTypedArray(BuiltInType type, string field) => type switch
    {
        BuiltInType.Boolean => ReadArray(field, 1, static (ref UaBinaryReader r) => r.ReadBoolean()),
        BuiltInType.SByte => ReadArray(field, 1, static (ref UaBinaryReader r) => r.ReadSByte()),
        BuiltInType.Byte => ReadArray(field, 1, static (ref UaBinaryReader r) => r.ReadByte()),
        BuiltInType.Int16 => ReadArray(field, 2, static (ref UaBinaryReader r) => r.ReadInt16()),
        BuiltInType.UInt16 => ReadArray(field, 2, static (ref UaBinaryReader r) => r.ReadUInt16()),
        BuiltInType.Int32 => ReadArray(field, 4, static (ref UaBinaryReader r) => r.ReadInt32()),
        BuiltInType.UInt32 => ReadArray(field, 4, static (ref UaBinaryReader r) => r.ReadUInt32()),
        BuiltInType.Int64 => ReadArray(field, 8, static (ref UaBinaryReader r) => r.ReadInt64()),
        BuiltInType.UInt64 => ReadArray(field, 8, static (ref UaBinaryReader r) => r.ReadUInt64()),
        BuiltInType.Float => ReadArray(field, 4, static (ref UaBinaryReader r) => r.ReadFloat()),
        BuiltInType.Double => ReadArray(field, 8, static (ref UaBinaryReader r) => r.ReadDouble()),
        BuiltInType.String => ReadArray(field, 4, static (ref UaBinaryReader r) => r.ReadString()),
        BuiltInType.DateTime => ReadArray(field, 8, static (ref UaBinaryReader r) => r.ReadDateTime()),
        BuiltInType.Guid => ReadArray(field, 16, static (ref UaBinaryReader r) => r.ReadGuid()),
        BuiltInType.ByteString => ReadArray(field, 4, static (ref UaBinaryReader r) => r.ReadByteString()),
        BuiltInType.XmlElement => ReadArray(field, 4, static (ref UaBinaryReader r) => r.ReadXmlElement()),
        BuiltInType.NodeId => ReadArray(field, 2, static (ref UaBinaryReader r) => r.ReadNodeId()),
        BuiltInType.ExpandedNodeId => ReadArray(field, 2, static (ref UaBinaryReader r) => r.ReadExpandedNodeId()),
        BuiltInType.StatusCode => ReadArray(field, 4, static (ref UaBinaryReader r) => r.ReadStatusCode()),
        BuiltInType.QualifiedName => ReadArray(field, 6, static (ref UaBinaryReader r) => r.ReadQualifiedName()),
        BuiltInType.LocalizedText => ReadArray(field, 1, static (ref UaBinaryReader r) => r.ReadLocalizedText()),
        BuiltInType.ExtensionObject => ReadArray(field, 3, static (ref UaBinaryReader r) => r.ReadExtensionObject()),
        BuiltInType.Variant => ReadArray(field, 1, static (ref UaBinaryReader r) => r.ReadVariant()),
        _ => throw Decoding($"{field}: {type} cannot be a Variant array element"),
    };
}
