using System.Text.Json;
using IIoT.Testing;

namespace IIoT.OpcUa.Server.Tests.Interop;

/// <summary>Runs node-opcua's subscribe command (tests/IIoT.Testing/NodeOpcua/subscribe.js) and reads its summary.</summary>
internal static class SubscribeSummary
{
    public static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(60);

    /// <summary>node-opcua dials 127.0.0.1 while our server announces "localhost".</summary>
    public static string Url(int port) => $"opc.tcp://127.0.0.1:{port}";

    /// <summary>One client run with one subscribe command; fails the test unless it ended by its own stop condition.</summary>
    public static async Task<JsonElement> RunAsync(int port, object subscribe)
    {
        var result = await NodeOpcuaClient.RunAsync(Url(port), [subscribe], timeout: ClientTimeout);
        return Single(result);
    }

    public static JsonElement Single(NodeOpcuaClient.Result result)
    {
        Assert.True(result.Succeeded, $"node-opcua client failed ({result.ExitCode}): {result.Error}\n{Tail(result.Output)}");
        var summary = Assert.Single(result.Results);
        Assert.True(summary.GetProperty("stoppedBy").GetString() == "until",
            $"stopped by {summary.GetProperty("stoppedBy")}: {Tail(result.Output)}");
        return summary;
    }

    public static JsonElement Item(JsonElement summary, int index) => summary.GetProperty("items")[index];

    public static List<int> Ints(JsonElement item) => item.GetProperty("values").EnumerateArray().Select(v => v.GetInt32()).ToList();

    public static List<double> Doubles(JsonElement item) => item.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToList();

    public static List<string> Events(JsonElement summary) =>
        summary.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("name").GetString()!).ToList();

    /// <summary>Values that are not the previous one plus one: each entry is (previous, next).</summary>
    public static List<(int From, int To)> Jumps(IReadOnlyList<int> values)
    {
        var jumps = new List<(int, int)>();
        for (var i = 1; i < values.Count; i++)
        {
            if (values[i] != values[i - 1] + 1)
            {
                jumps.Add((values[i - 1], values[i]));
            }
        }
        return jumps;
    }

    /// <summary>The sequence report of each subscription generation (a CreateSubscription by the client starts one).</summary>
    public static List<JsonElement> Sequences(JsonElement summary) => summary.GetProperty("sequences").EnumerateArray().ToList();

    /// <summary>Data message sequence numbers the client never received, over all generations.</summary>
    public static List<uint> MissingSequenceNumbers(JsonElement summary) =>
        Sequences(summary).SelectMany(g => g.GetProperty("missing").EnumerateArray().Select(n => n.GetUInt32())).ToList();

    public static string Trace(JsonElement summary) => string.Join(", ", summary.GetProperty("trace").EnumerateArray().Select(e =>
        $"{e.GetProperty("t")}ms {e.GetProperty("name").GetString()}{(e.TryGetProperty("sequenceNumber", out var n) ? "#" + n : "")}{(e.TryGetProperty("result", out var r) ? " " + r.GetString() : "")}{(e.TryGetProperty("results", out var rs) ? " [" + rs.GetString() + "]" : "")}"));

    /// <summary>
    /// Checks that no counter value is lost once the messages the client recovered itself at the end (subscribe option
    /// republishMissing) are counted: every missing data message was still announced by the server (AvailableSequenceNumbers)
    /// and came back Good from Republish. Duplicates are allowed: node-opcua may process one message twice (its Republish
    /// of lastSequenceNumber + 1 races its own Publish requests, and it does not drop a sequence number it has seen).
    /// Returns the number of messages recovered that way.
    /// </summary>
    public static int AssertNoValueLost(JsonElement summary, int items)
    {
        var available = summary.GetProperty("available").EnumerateArray().Select(n => n.GetUInt32()).ToHashSet();
        var recovered = summary.GetProperty("recovered").EnumerateArray().ToList();
        var missing = MissingSequenceNumbers(summary);
        Assert.Equal(missing, recovered.Select(r => r.GetProperty("sequenceNumber").GetUInt32()).ToList());
        foreach (var message in recovered)
        {
            Assert.Contains(message.GetProperty("sequenceNumber").GetUInt32(), available);
            Assert.Equal("Good", message.GetProperty("status").GetString());
        }
        for (var i = 0; i < items; i++)
        {
            var values = Ints(Item(summary, i)).Concat(recovered.SelectMany(r => r.GetProperty("items").EnumerateArray())
                .Where(v => v.GetProperty("index").GetInt32() == i).Select(v => v.GetProperty("value").GetInt32())).Distinct().Order().ToList();
            Assert.True(Jumps(values).Count == 0, $"item {i} lost values: {string.Join(", ", Jumps(values))}; trace {Trace(summary)}; " +
                $"sequences {summary.GetProperty("sequences")}; arrivals {summary.GetProperty("arrivals")}; recovered {summary.GetProperty("recovered")}");
        }
        return recovered.Count;
    }

    public static string Tail(string output) => output.Length <= 6000 ? output : output[^6000..];
}
