using System.Globalization;
using System.Text.Json;

namespace IIoT.EndToEnd.Tests;

/// <summary>
/// What the simulators say they published (their truth file: every message the broker acknowledged),
/// turned into the points the pipeline must store: (measurement, machine, time) -> value.
/// </summary>
internal sealed class Truth
{
    private Truth(Dictionary<PointKey, string> points, int messages)
    {
        Points = points;
        Messages = messages;
    }

    public Dictionary<PointKey, string> Points { get; }

    public int Messages { get; }

    public static Truth Read(string truthFile)
    {
        var points = new Dictionary<PointKey, string>();
        var messages = 0;
        using var stream = new FileStream(truthFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException)
            {
                continue; // the simulator may be writing this line right now
            }
            using (document)
            {
                var topic = document.RootElement.GetProperty("topic").GetString()!;
                var machine = topic.Split('/')[4];
                var payload = document.RootElement.GetProperty("payload");
                var timeNs = payload.GetProperty("ts").GetInt64() * 1_000_000;
                messages++;
                foreach (var field in payload.EnumerateObject())
                {
                    if (field.Name != "ts")
                    {
                        points[new PointKey(field.Name, machine, timeNs)] = Normalize(field.Value);
                    }
                }
            }
        }
        return new Truth(points, messages);
    }

    /// <summary>A value as text that compares equal whether it came from the payload or from InfluxDB.</summary>
    public static string Normalize(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble().ToString("R", CultureInfo.InvariantCulture),
        JsonValueKind.String => "s:" + value.GetString(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };
}

internal readonly record struct PointKey(string Measurement, string Machine, long TimeNs);
