using IIoT.OpcUa.Types;
using D = IIoT.OpcUa.Types.DataTypeIds;

namespace IIoT.OpcUa.Server;

/// <summary>
/// Whether a written Variant fits a variable's DataType and ValueRank (OPC 10000-4 §5.10.4: otherwise
/// BadTypeMismatch). Subtypes of built-in types take their base's encoding (Duration is a Double), enumerations
/// are Int32 and structures are ExtensionObjects; abstract types accept their whole family.
/// </summary>
internal static class DataTypeCheck
{
    public static bool Accepts(AddressSpace space, NodeId dataType, int valueRank, Variant value)
    {
        if (value.IsNull)
        {
            return dataType == new NodeId(D.BaseDataType);
        }

        if (!RankAccepts(valueRank, value))
        {
            return false;
        }

        NodeId? current = dataType;
        for (var depth = 0; current is not null && depth < 32; depth++)
        {
            if (current.NamespaceIndex == 0 && current.IdType == NodeIdType.Numeric)
            {
                var type = value.Type;
                switch (current.NumericId)
                {
                    case D.BaseDataType: return true;
                    case D.Number: return type is >= BuiltInType.SByte and <= BuiltInType.Double;
                    case D.Integer: return type is BuiltInType.SByte or BuiltInType.Int16 or BuiltInType.Int32 or BuiltInType.Int64;
                    case D.UInteger: return type is BuiltInType.Byte or BuiltInType.UInt16 or BuiltInType.UInt32 or BuiltInType.UInt64;
                    case D.Enumeration: return type == BuiltInType.Int32;
                    case D.Structure: return type == BuiltInType.ExtensionObject;
                    case >= D.Boolean and <= D.DiagnosticInfo: return (uint)type == current.NumericId;
                }
            }

            current = space.Find(current)?.SuperTypeId;
        }

        return false;
    }

    private static bool RankAccepts(int valueRank, Variant value) => valueRank switch
    {
        ValueRanks.Any => true,
        ValueRanks.Scalar => !value.IsArray,
        ValueRanks.ScalarOrOneDimension => !value.IsArray || value.Dimensions is null,
        ValueRanks.OneOrMoreDimensions => value.IsArray,
        ValueRanks.OneDimension => value.IsArray && value.Dimensions is null,
        > 1 => value.IsArray && value.Dimensions?.Count == valueRank,
        _ => false,
    };
}
