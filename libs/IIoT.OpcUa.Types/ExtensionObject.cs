namespace IIoT.OpcUa.Types;

/// <summary>
/// A structure kept opaque: the encoding id (e.g. i=724, the DefaultBinary encoding, not the DataType id) plus the
/// body bytes exactly as received (UA Binary for <see cref="ExtensionObjectEncoding.Binary"/>, UTF-8 XML for Xml).
/// Decoding the body is the job of a higher layer, which can pass its reader's depth on (see UaBinaryReader).
/// </summary>
public sealed class ExtensionObject : IEquatable<ExtensionObject>
{
    private readonly byte[] _body;

    public static ExtensionObject Null { get; } = new(NodeId.Null, ExtensionObjectEncoding.None, []);

    public ExtensionObject(NodeId typeId, ExtensionObjectEncoding encoding, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(typeId);
        if (encoding == ExtensionObjectEncoding.None && !body.IsEmpty)
            throw new ArgumentException("An ExtensionObject without encoding has no body.", nameof(body));
        if (encoding > ExtensionObjectEncoding.Xml) throw new ArgumentOutOfRangeException(nameof(encoding));
        TypeId = typeId;
        Encoding = encoding;
        _body = body.ToArray();
    }

    public NodeId TypeId { get; }

    public ExtensionObjectEncoding Encoding { get; }

    public ReadOnlySpan<byte> Body => _body;

    public bool IsNull => TypeId.IsNull && Encoding == ExtensionObjectEncoding.None;

    public bool Equals(ExtensionObject? other) =>
        other is not null && TypeId.Equals(other.TypeId) && Encoding == other.Encoding && _body.AsSpan().SequenceEqual(other._body);

    public override bool Equals(object? obj) => Equals(obj as ExtensionObject);

    public override int GetHashCode() => HashCode.Combine(TypeId, Encoding, _body.Length);

    public override string ToString() => $"ExtensionObject({TypeId}, {Encoding}, {_body.Length} bytes)";
}
