using System.Globalization;

namespace IIoT.OpcUa.Types;

/// <summary>
/// An immutable node id: namespace index plus a numeric, string, Guid or opaque identifier (OPC 10000-6 §5.2.2.9).
/// Text form follows OPC 10000-6 §5.3.1.10: "ns=2;s=Name", "i=2253", "g=...", "b=base64"; ns=0 is omitted.
/// </summary>
public sealed class NodeId : IEquatable<NodeId>
{
    private readonly object _identifier;

    public static NodeId Null { get; } = new(0u);

    public NodeId(uint identifier, ushort namespaceIndex = 0)
    {
        IdType = NodeIdType.Numeric;
        _identifier = identifier;
        NamespaceIndex = namespaceIndex;
    }

    public NodeId(string identifier, ushort namespaceIndex = 0)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        IdType = NodeIdType.String;
        _identifier = identifier;
        NamespaceIndex = namespaceIndex;
    }

    public NodeId(Guid identifier, ushort namespaceIndex = 0)
    {
        IdType = NodeIdType.Guid;
        _identifier = identifier;
        NamespaceIndex = namespaceIndex;
    }

    /// <summary>Opaque identifier; the bytes are copied so the NodeId stays immutable.</summary>
    public NodeId(ReadOnlySpan<byte> identifier, ushort namespaceIndex = 0)
    {
        IdType = NodeIdType.Opaque;
        _identifier = identifier.ToArray();
        NamespaceIndex = namespaceIndex;
    }

    public ushort NamespaceIndex { get; }

    public NodeIdType IdType { get; }

    public uint NumericId => IdType == NodeIdType.Numeric ? (uint)_identifier : throw WrongType(NodeIdType.Numeric);

    public string StringId => IdType == NodeIdType.String ? (string)_identifier : throw WrongType(NodeIdType.String);

    public Guid GuidId => IdType == NodeIdType.Guid ? (Guid)_identifier : throw WrongType(NodeIdType.Guid);

    public ReadOnlySpan<byte> OpaqueId => IdType == NodeIdType.Opaque ? (byte[])_identifier : throw WrongType(NodeIdType.Opaque);

    /// <summary>Null per OPC 10000-3 §8.2.4: namespace 0 and a zero/empty identifier of any kind.</summary>
    public bool IsNull => NamespaceIndex == 0 && IdType switch
    {
        NodeIdType.Numeric => (uint)_identifier == 0,
        NodeIdType.String => ((string)_identifier).Length == 0,
        NodeIdType.Guid => (Guid)_identifier == Guid.Empty,
        _ => ((byte[])_identifier).Length == 0,
    };

    public static implicit operator NodeId(uint numericId) => new(numericId);

    public bool Equals(NodeId? other)
    {
        if (other is null) return false;
        if (ReferenceEquals(this, other)) return true;
        if (NamespaceIndex != other.NamespaceIndex || IdType != other.IdType) return false;
        return IdType == NodeIdType.Opaque
            ? ((byte[])_identifier).AsSpan().SequenceEqual((byte[])other._identifier)
            : _identifier.Equals(other._identifier);
    }

    public override bool Equals(object? obj) => Equals(obj as NodeId);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(NamespaceIndex);
        hash.Add(IdType);
        if (IdType == NodeIdType.Opaque) hash.AddBytes((byte[])_identifier);
        else hash.Add(_identifier);
        return hash.ToHashCode();
    }

    public static bool operator ==(NodeId? a, NodeId? b) => a is null ? b is null : a.Equals(b);

    public static bool operator !=(NodeId? a, NodeId? b) => !(a == b);

    public override string ToString()
    {
        var prefix = NamespaceIndex == 0 ? "" : $"ns={NamespaceIndex.ToString(CultureInfo.InvariantCulture)};";
        return prefix + IdentifierText();
    }

    /// <summary>"i=..", "s=..", "g=..", "b=.." without the namespace part.</summary>
    internal string IdentifierText() => IdType switch
    {
        NodeIdType.Numeric => "i=" + ((uint)_identifier).ToString(CultureInfo.InvariantCulture),
        NodeIdType.String => "s=" + (string)_identifier,
        NodeIdType.Guid => "g=" + ((Guid)_identifier).ToString("D"),
        _ => "b=" + Convert.ToBase64String((byte[])_identifier),
    };

    public static NodeId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not a NodeId (expected e.g. \"ns=2;s=Name\" or \"i=2253\").");

    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out NodeId? nodeId)
    {
        nodeId = null;
        if (text is null) return false;
        ushort ns = 0;
        var rest = text.AsSpan();
        if (rest.StartsWith("ns="))
        {
            var semi = rest.IndexOf(';');
            if (semi < 0 || !ushort.TryParse(rest[3..semi], NumberStyles.None, CultureInfo.InvariantCulture, out ns)) return false;
            rest = rest[(semi + 1)..];
        }
        return TryParseIdentifier(rest, ns, out nodeId);
    }

    internal static bool TryParseIdentifier(ReadOnlySpan<char> rest, ushort ns, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out NodeId? nodeId)
    {
        nodeId = null;
        if (rest.Length < 2 || rest[1] != '=') return false;
        var value = rest[2..];
        switch (rest[0])
        {
            case 'i':
                if (!uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var numeric)) return false;
                nodeId = new NodeId(numeric, ns);
                return true;
            case 's':
                nodeId = new NodeId(value.ToString(), ns);
                return true;
            case 'g':
                if (!Guid.TryParse(value, out var guid)) return false;
                nodeId = new NodeId(guid, ns);
                return true;
            case 'b':
                var buffer = new byte[value.Length];
                if (!Convert.TryFromBase64Chars(value, buffer, out var written)) return false;
                nodeId = new NodeId(buffer.AsSpan(0, written), ns);
                return true;
            default:
                return false;
        }
    }

    private InvalidOperationException WrongType(NodeIdType wanted) =>
        new($"NodeId {this} has a {IdType} identifier, not {wanted}.");
}
