using System.Text.Json;
using IIoT.Testing;

namespace IIoT.EndToEnd.Tests.OpcUa;

/// <summary>
/// Configuration errors with real processes: each failed item is named with its status in the log, in /healthz and in
/// an opcua-item-failed ledger point that reaches InfluxDB, and the rest keeps collecting; an unreachable endpoint
/// does not stop the reachable one and shows as disconnected with its error.
/// </summary>
public sealed class OpcUaConfigErrorTests
{
    private const int Machines = 2;
    private const string UnknownNode = $"nsu={OpcUaPipeline.Namespace};s=plant1.assembly.line1.m99.nothing";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(25);

    [Fact(Timeout = 90_000)]
    public async Task OPC_unknown_NodeId_and_bad_browse_path_are_reported_and_the_valid_items_of_the_group_still_arrive()
    {
        await using var pipeline = await OpcUaPipeline.StartAsync(Machines, settings =>
        {
            // The default nodes are Nodes:0..3 (sequence and temperature of m01, m02); one unknown node and one path to nowhere join them.
            settings[OpcUaPipeline.GroupPrefix + "Nodes:4:NodeId"] = UnknownNode;
            settings[OpcUaPipeline.GroupPrefix + "Nodes:4:Machine"] = "m99";
            settings[OpcUaPipeline.GroupPrefix + "Nodes:4:Signal"] = "nothing";
            settings[OpcUaPipeline.GroupPrefix + "BrowsePaths:0:Path"] = $"/nsu={OpcUaPipeline.Namespace}:plant1/nsu={OpcUaPipeline.Namespace}:no_such_area";
            settings[OpcUaPipeline.GroupPrefix + "BrowsePaths:0:Machine"] = "m01";
        });

        try
        {
            await pipeline.WaitForSequenceAsync(Machines, 4, Patience);
        }
        catch (TimeoutException e)
        {
            Assert.Fail(e.Message + pipeline.Diagnostics());
        }

        // /healthz: 4 monitored, the 2 failures each with its origin and status.
        var health = Endpoint(await pipeline.OpcUaHealthAsync(), "line1");
        var failures = health.GetProperty("failures").EnumerateArray()
            .Select(f => (Origin: f.GetProperty("origin").GetString()!, Status: f.GetProperty("status").GetString()!)).ToList();
        var report = health.ToString();
        Assert.Equal(4, health.GetProperty("itemsMonitored").GetInt32());
        Assert.Equal(2, health.GetProperty("itemsFailed").GetInt32());
        Assert.Contains(failures, f => f.Origin.Contains(UnknownNode, StringComparison.Ordinal) && f.Status == "BadNodeIdUnknown");
        var path = Assert.Single(failures, f => f.Origin.Contains("no_such_area", StringComparison.Ordinal));
        Assert.StartsWith("Bad", path.Status, StringComparison.Ordinal); // BadNoMatch from TranslateBrowsePathsToNodeIds

        // The log names each item and its status, on one line.
        var lines = pipeline.Gateway.Output.Split('\n');
        Assert.True(lines.Any(l => l.Contains(UnknownNode, StringComparison.Ordinal) && l.Contains("BadNodeIdUnknown", StringComparison.Ordinal)), report + pipeline.Diagnostics());
        Assert.True(lines.Any(l => l.Contains("no_such_area", StringComparison.Ordinal) && l.Contains(path.Status, StringComparison.Ordinal)), report + pipeline.Diagnostics());

        // The ledger point reaches InfluxDB next to the data, naming both items.
        List<Dictionary<string, JsonElement>> ledger = [];
        await Wait.UntilAsync(async () =>
        {
            ledger = await pipeline.Influx.RowsAsync(OpcUaPipeline.Tenant, "SELECT * FROM \"iiot_loss\" WHERE \"reason\" = 'opcua-item-failed'");
            return ledger.Count > 0;
        }, Patience, "an opcua-item-failed ledger point in InfluxDB", TimeSpan.FromMilliseconds(300));
        var point = Assert.Single(ledger);
        Assert.Equal("opcua:line1", point["source"].GetString());
        Assert.Equal(2, point["count"].GetInt64());
        Assert.Contains(UnknownNode, point["detail"].GetString(), StringComparison.Ordinal);
        Assert.Contains("no_such_area", point["detail"].GetString(), StringComparison.Ordinal);

        // Nothing of the failed items was stored; the valid ones are contiguous.
        var machines = await pipeline.Influx.RowsAsync(OpcUaPipeline.Tenant, "SHOW TAG VALUES WITH KEY = \"machine\"");
        Assert.DoesNotContain(machines, r => r["value"].GetString() == "m99");
        var sequences = await pipeline.SequencesAsync();
        Assert.True(OpcUaPipeline.Holes(sequences).Count == 0, OpcUaPipeline.Describe(sequences));
    }

    [Fact(Timeout = 90_000)]
    public async Task OPC_unreachable_endpoint_shows_disconnected_with_its_error_and_the_reachable_one_keeps_collecting()
    {
        var deadPort = FreePort.Next(); // nobody listens here
        await using var pipeline = await OpcUaPipeline.StartAsync(Machines, settings =>
        {
            const string dead = "OpcUa:Endpoints:1:";
            settings[dead + "Name"] = "dead";
            settings[dead + "Url"] = $"opc.tcp://127.0.0.1:{deadPort}";
            settings[dead + "Site"] = "plant1";
            settings[dead + "Line"] = "line2";
            settings[dead + "ReconnectMinDelay"] = "00:00:00.200";
            settings[dead + "ReconnectMaxDelay"] = "00:00:01";
            settings[dead + "Groups:0:Name"] = "default";
            settings[dead + "Groups:0:Nodes:0:NodeId"] = "ns=2;s=anything";
            settings[dead + "Groups:0:Nodes:0:Machine"] = "m01";
        });

        try
        {
            await pipeline.WaitForSequenceAsync(Machines, 6, Patience);
        }
        catch (TimeoutException e)
        {
            Assert.Fail(e.Message + pipeline.Diagnostics());
        }

        JsonElement health = default;
        await Wait.UntilAsync(async () =>
        {
            health = await pipeline.OpcUaHealthAsync();
            return Endpoint(health, "dead").GetProperty("reconnects").GetInt32() >= 2;
        }, Patience, "the dead endpoint to be retried", TimeSpan.FromMilliseconds(200));
        var report = health.ToString();
        var down = Endpoint(health, "dead");
        Assert.Equal("disconnected", down.GetProperty("state").GetString());
        Assert.Equal(0, down.GetProperty("itemsMonitored").GetInt32());
        // The connect error with its status and the socket's reason, e.g. "BadCommunicationError (0x80050000): Cannot connect to ...: Connection refused".
        Assert.Contains("BadCommunicationError", down.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{deadPort}", down.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        var up = Endpoint(health, "line1");
        Assert.Equal("connected", up.GetProperty("state").GetString());
        Assert.Equal(4, up.GetProperty("itemsMonitored").GetInt32());
        Console.WriteLine("unreachable endpoint: " + report);

        // The good endpoint goes on while the dead one keeps failing, without a hole.
        var mark = (await pipeline.SequencesAsync()).Values.Min(s => s.Max());
        await pipeline.WaitForSequenceAsync(Machines, 1, Patience, above: mark + 4);
        var sequences = await pipeline.SequencesAsync();
        Assert.True(OpcUaPipeline.Holes(sequences).Count == 0, OpcUaPipeline.Describe(sequences));
        Assert.Contains("OPC UA dead: connection failed", pipeline.Gateway.Output, StringComparison.Ordinal);
    }

    private static JsonElement Endpoint(JsonElement endpoints, string name) =>
        endpoints.EnumerateArray().Single(e => e.GetProperty("endpoint").GetString() == name);
}
