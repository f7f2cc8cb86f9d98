using System.Text.Json;

namespace IIoT.EndToEnd.Tests.OpcUa;

/// <summary>The OPC UA data path with real processes: simulators -> gateway -> cloud -> influxd.</summary>
public sealed class OpcUaPipelineTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact(Timeout = 90_000)]
    public async Task OPC_happy_path_signals_tags_units_and_a_contiguous_sequence_reach_InfluxDB()
    {
        await using var pipeline = await OpcUaPipeline.StartAsync(machines: 3);
        try
        {
            await pipeline.WaitForSequenceAsync(3, count: 10, Patience);
        }
        catch (TimeoutException e)
        {
            Assert.Fail(e.Message + pipeline.Diagnostics());
        }

        var sequences = await pipeline.SequencesAsync();
        Assert.True(OpcUaPipeline.Holes(sequences).Count == 0,
            "missing: " + string.Join(",", OpcUaPipeline.Holes(sequences)) + " " + OpcUaPipeline.Describe(sequences));

        var rows = await pipeline.Influx.RowsAsync(OpcUaPipeline.Tenant,
            "SELECT * FROM \"temperature\" WHERE \"machine\" = 'm02' LIMIT 1");
        var row = Assert.Single(rows);
        Assert.Equal("plant1", row["site"].GetString());
        Assert.Equal("assembly", row["area"].GetString());
        Assert.Equal("line1", row["line"].GetString());
        Assert.Equal("m02", row["machine"].GetString());
        Assert.Equal("opcua:line1", row["source"].GetString());
        Assert.Equal("degC", row["unit"].GetString()); // from the node's EngineeringUnits: the config names no unit
        Assert.Equal(JsonValueKind.Number, row["value"].ValueKind);
        Assert.InRange(row["value"].GetDouble(), 0, 150);
    }
}
