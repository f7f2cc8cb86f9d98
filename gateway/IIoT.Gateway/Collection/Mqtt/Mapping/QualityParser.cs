using System.Text.Json;
using IIoT.Contracts.V1;

namespace IIoT.Gateway.Collection.Mqtt.Mapping;

/// <summary>
/// Reads a payload's quality: "good"/"uncertain"/"bad" (any case), or an integer status code read like an OPC UA
/// StatusCode, whose top two bits are the severity (Part 4 §7.39: 00 good, 01 uncertain, 1x bad). Anything else is
/// uncertain rather than a reason to drop the values.
/// </summary>
internal static class QualityParser
{
    public static (Quality Quality, uint Status) Parse(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                var text = element.GetString();
                if (string.Equals(text, "good", StringComparison.OrdinalIgnoreCase))
                {
                    return (Quality.Good, 0);
                }
                if (string.Equals(text, "bad", StringComparison.OrdinalIgnoreCase))
                {
                    return (Quality.Bad, 0);
                }
                return (Quality.Uncertain, 0);
            case JsonValueKind.Number when element.TryGetInt64(out var code) && code >= 0 && code <= uint.MaxValue:
                var status = (uint)code;
                var severity = status >> 30;
                return (severity == 0 ? Quality.Good : severity == 1 ? Quality.Uncertain : Quality.Bad, status);
            default:
                return (Quality.Uncertain, 0);
        }
    }
}
