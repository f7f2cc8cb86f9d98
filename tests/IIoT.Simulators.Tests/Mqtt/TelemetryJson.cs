using System.Text.Json;

namespace IIoT.Simulators.Tests.Mqtt;

/// <summary>Reads the fields tests check from a telemetry payload.</summary>
internal static class TelemetryJson
{
    public static long Seq(byte[] payload) => Parse(payload).RootElement.GetProperty("seq").GetInt64();

    public static JsonDocument Parse(byte[] payload) => JsonDocument.Parse(payload);

    public static string Machine(string topic) => topic.Split('/')[4];
}
