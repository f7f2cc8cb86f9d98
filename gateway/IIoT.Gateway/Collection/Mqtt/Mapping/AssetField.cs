namespace IIoT.Gateway.Collection.Mqtt.Mapping;

/// <summary>The ISA-95 levels a topic segment can be captured into.</summary>
internal enum AssetField
{
    Site,
    Area,
    Line,
    Machine,
}
