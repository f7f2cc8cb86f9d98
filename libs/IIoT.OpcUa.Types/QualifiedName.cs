namespace IIoT.OpcUa.Types;

/// <summary>A name qualified by a namespace index (OPC 10000-6 §5.2.2.13).</summary>
public sealed record QualifiedName(ushort NamespaceIndex, string? Name)
{
    public static QualifiedName Null { get; } = new(0, null);

    public override string ToString() => NamespaceIndex == 0 ? Name ?? "" : $"{NamespaceIndex}:{Name}";
}
