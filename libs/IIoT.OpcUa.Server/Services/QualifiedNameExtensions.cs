using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Server;

internal static class QualifiedNameExtensions
{
    /// <summary>A null DataEncoding is namespace 0 with a null or empty name (OPC 10000-4 §7.29).</summary>
    public static bool IsNullName(this QualifiedName? name) => name is null || (name.NamespaceIndex == 0 && string.IsNullOrEmpty(name.Name));
}
