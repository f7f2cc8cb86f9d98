namespace IIoT.Simulators.Mqtt;

/// <summary>Topic layout: {prefix}/{site}/{area}/{line}/{machine}/telemetry.</summary>
internal static class TelemetryTopics
{
    public static string For(string prefix, string site, string area, string line, string machine) =>
        $"{prefix}/{site}/{area}/{line}/{machine}/telemetry";

    /// <summary>The subscription filter that matches every machine of every line under a prefix.</summary>
    public static string AllUnder(string prefix) => $"{prefix}/+/+/+/+/telemetry";
}
