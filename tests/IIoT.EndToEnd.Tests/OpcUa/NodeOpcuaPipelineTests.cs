using System.Text.Json;
using IIoT.Testing;

namespace IIoT.EndToEnd.Tests.OpcUa;

/// <summary>The gateway's OPC UA source against a third-party server: node-opcua -> gateway -> cloud -> influxd.</summary>
public sealed class NodeOpcuaPipelineTests
{
    [Fact(Timeout = 90_000)]
    public async Task OPC_node_opcua_server_counter_and_temperature_reach_InfluxDB_with_no_counter_value_lost()
    {
        await using var server = await NodeOpcuaServer.StartAsync(new NodeOpcuaServerOptions { CounterMs = 500 });
        var ns = NodeOpcuaServer.NamespaceUri;
        await using var pipeline = await OpcUaPipeline.StartAsync(server.EndpointUrl,
        [
            ($"nsu={ns};s=Counter", "m01", "sequence"),
            ($"nsu={ns};s=Line1.Machine1.Temperature", "m01", "temperature"),
        ]);
        try
        {
            await pipeline.WaitForSequenceAsync(1, count: 8, TimeSpan.FromSeconds(25));
        }
        catch (TimeoutException e)
        {
            Assert.Fail(e.Message + pipeline.Diagnostics() + "\n--- node-opcua ---\n" + server.Output);
        }

        var sequences = await pipeline.SequencesAsync();
        var holes = OpcUaPipeline.Holes(sequences);
        Assert.True(holes.Count == 0, "missing: " + string.Join(",", holes) + " " + OpcUaPipeline.Describe(sequences));

        var rows = await pipeline.Influx.RowsAsync(OpcUaPipeline.Tenant, "SELECT * FROM \"temperature\" LIMIT 1");
        var row = Assert.Single(rows);
        Assert.Equal("plant1", row["site"].GetString());
        Assert.Equal("line1", row["line"].GetString());
        Assert.Equal("m01", row["machine"].GetString());
        Assert.Equal("opcua:line1", row["source"].GetString());
        Assert.Equal(JsonValueKind.Number, row["value"].ValueKind);
    }
}
