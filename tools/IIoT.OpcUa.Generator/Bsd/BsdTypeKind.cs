namespace IIoT.OpcUa.Generator.Bsd;

/// <summary>How a field's type is encoded: a built-in type, a generated enum, or a generated structure.</summary>
internal enum BsdTypeKind
{
    BuiltIn,
    Enum,
    Struct,
}
