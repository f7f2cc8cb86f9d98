namespace IIoT.OpcUa.Types.Structures;

/// <summary>A structure with a UA Binary encoding: the generated classes, so a service table can encode any of them.</summary>
public interface IEncodeable
{
    /// <summary>The DefaultBinary encoding id (OPC 10000-6 §5.2.2.15): the NodeId that precedes a service message body
    /// or names an ExtensionObject body; 0 when the type has none.</summary>
    uint BinaryEncodingId { get; }

    /// <summary>Writes the fields in schema order, without the encoding id.</summary>
    void Encode(UaBinaryWriter writer);
}
