namespace IIoT.OpcUa.Types;

/// <summary>
/// A value with status and timestamps (OPC 10000-6 §5.2.2.17). A zero timestamp or picosecond field is not
/// encoded; an omitted status means Good. Picoseconds are below 10,000 (decoders clamp larger values to 9,999).
/// </summary>
public sealed record DataValue
{
    public Variant Value { get; init; }

    public StatusCode Status { get; init; }

    public UaDateTime SourceTimestamp { get; init; }

    public ushort SourcePicoseconds { get; init; }

    public UaDateTime ServerTimestamp { get; init; }

    public ushort ServerPicoseconds { get; init; }
}
