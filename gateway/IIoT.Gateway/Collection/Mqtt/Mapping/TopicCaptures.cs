namespace IIoT.Gateway.Collection.Mqtt.Mapping;

/// <summary>Where each asset level sits in a matched topic (start, length), so that strings are made only on a match.</summary>
internal struct TopicCaptures
{
    // Start -1: not captured.
    public int SiteStart, SiteLength, AreaStart, AreaLength, LineStart, LineLength, MachineStart, MachineLength;

    public static TopicCaptures None => new() { SiteStart = -1, AreaStart = -1, LineStart = -1, MachineStart = -1 };

    public void Set(AssetField field, int start, int length)
    {
        switch (field)
        {
            case AssetField.Site: SiteStart = start; SiteLength = length; break;
            case AssetField.Area: AreaStart = start; AreaLength = length; break;
            case AssetField.Line: LineStart = start; LineLength = length; break;
            default: MachineStart = start; MachineLength = length; break;
        }
    }

    public readonly string Get(string topic, AssetField field) => field switch
    {
        AssetField.Site => Slice(topic, SiteStart, SiteLength),
        AssetField.Area => Slice(topic, AreaStart, AreaLength),
        AssetField.Line => Slice(topic, LineStart, LineLength),
        _ => Slice(topic, MachineStart, MachineLength),
    };

    private static string Slice(string topic, int start, int length) => start < 0 ? "" : topic.Substring(start, length);
}
