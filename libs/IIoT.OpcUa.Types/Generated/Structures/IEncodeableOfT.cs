namespace IIoT.OpcUa.Types.Structures;

/// <summary>Adds the static decoder, so generic code (a service table, an ExtensionObject body) can decode by type.</summary>
public interface IEncodeable<TSelf> : IEncodeable
    where TSelf : IEncodeable<TSelf>
{
    /// <summary>Reads the fields in schema order; fails with <see cref="UaDecodingException"/> only.</summary>
    static abstract TSelf Decode(ref UaBinaryReader reader);
}
