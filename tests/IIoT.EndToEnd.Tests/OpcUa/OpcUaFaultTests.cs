using IIoT.Testing;

namespace IIoT.EndToEnd.Tests.OpcUa;

/// <summary>
/// Faults on the OPC UA path, each checked for loss with the per-machine sequence signal (+1 per tick): a missing
/// sequence value in InfluxDB is a lost sample.
/// </summary>
public sealed class OpcUaFaultTests
{
    private const int Machines = 2;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(25);

    [Fact(Timeout = 90_000)]
    public async Task OPC_connection_dropped_reconnects_and_no_sequence_value_is_lost()
    {
        await using var pipeline = await OpcUaPipeline.StartAsync(Machines);
        var before = await FlowingAsync(pipeline);

        pipeline.Control("drop");
        await Wait.UntilAsync(async () => await pipeline.Gateway.MetricAsync("iiot_gateway_opcua_reconnects_total") >= 1,
            Patience, "the gateway to reconnect after the drop");
        await AssertNoLossAfterAsync(pipeline, before, "drop");
    }

    [Fact(Timeout = 90_000)]
    public async Task OPC_publish_paused_longer_than_the_keep_alive_and_no_sequence_value_is_lost()
    {
        await using var pipeline = await OpcUaPipeline.StartAsync(Machines);
        var before = await FlowingAsync(pipeline);

        pipeline.Control("pause-publish 5");
        await AssertNoLossAfterAsync(pipeline, before + 10, "pause-publish"); // 5 s at 2 ticks/s: the flow must continue past the pause
    }

    [Fact(Timeout = 90_000)]
    public async Task OPC_cloud_killed_and_restarted_and_no_sequence_value_is_lost()
    {
        await using var pipeline = await OpcUaPipeline.StartAsync(Machines);
        var before = await FlowingAsync(pipeline);

        await pipeline.Cloud.KillAsync();
        var received = await pipeline.Gateway.MetricAsync("iiot_gateway_opcua_values_received_total");
        // Values keep arriving into the gateway's buffer while the cloud is down.
        await Wait.UntilAsync(async () => await pipeline.Gateway.MetricAsync("iiot_gateway_opcua_values_received_total") >= received + Machines * 2 * 6,
            Patience, "the gateway to buffer 6 ticks while the cloud is down");
        await pipeline.Cloud.StartAsync();
        await AssertNoLossAfterAsync(pipeline, before + 6, "cloud killed");
    }

    [Fact(Timeout = 90_000)]
    public async Task OPC_simulator_restarted_values_flow_again_and_the_gap_is_recorded()
    {
        await using var pipeline = await OpcUaPipeline.StartAsync(Machines);
        var before = await FlowingAsync(pipeline);

        pipeline.Control("restart");
        try
        {
            await pipeline.WaitForSequenceAsync(Machines, 1, Patience, above: before + 8);
        }
        catch (TimeoutException e)
        {
            Assert.Fail(e.Message + pipeline.Diagnostics());
        }
        var sequences = await pipeline.SequencesAsync();
        var holes = OpcUaPipeline.Holes(sequences);
        var gaps = await pipeline.Influx.RowsAsync(OpcUaPipeline.Tenant, "SELECT * FROM \"iiot_loss\" WHERE \"reason\" = 'opcua-gap'");
        var report = $"holes [{string.Join(",", holes)}], opcua-gap rows {gaps.Count}; " + OpcUaPipeline.Describe(sequences)
            + "; gap rows: " + string.Join(" | ", gaps.Select(r => string.Join(",", r.Select(c => $"{c.Key}={c.Value}"))));
        Console.WriteLine("restart: " + report);

        // No session or subscription survives a restart: the gateway recreates the subscription and records the
        // span it cannot get back as an opcua-gap ledger point naming the items, which reaches InfluxDB.
        var gap = Assert.Single(gaps);
        Assert.Equal("opcua:line1", gap["source"].GetString());
        Assert.Contains("m01/sequence", gap["detail"].GetString(), StringComparison.Ordinal);
        Assert.True(gap["last_ns"].GetInt64() >= gap["first_ns"].GetInt64(), report);
        Assert.True(await pipeline.Gateway.MetricAsync("iiot_gateway_opcua_gaps_total") >= 1, report);
    }

    /// <summary>Waits until the sequence flows for every machine; returns the highest value stored so far.</summary>
    private static async Task<long> FlowingAsync(OpcUaPipeline pipeline)
    {
        try
        {
            await pipeline.WaitForSequenceAsync(Machines, 4, Patience);
        }
        catch (TimeoutException e)
        {
            Assert.Fail(e.Message + pipeline.Diagnostics());
        }
        return (await pipeline.SequencesAsync()).Values.Max(s => s.Max());
    }

    private static async Task AssertNoLossAfterAsync(OpcUaPipeline pipeline, long mark, string fault)
    {
        try
        {
            await pipeline.WaitForSequenceAsync(Machines, 1, Patience, above: mark + 4);
        }
        catch (TimeoutException e)
        {
            Assert.Fail(e.Message + pipeline.Diagnostics());
        }
        var sequences = await pipeline.SequencesAsync();
        var holes = OpcUaPipeline.Holes(sequences);
        Console.WriteLine($"{fault}: republished {pipeline.Republished()}; " + OpcUaPipeline.Describe(sequences));
        Assert.True(holes.Count == 0, "missing: " + string.Join(",", holes) + " " + OpcUaPipeline.Describe(sequences) + pipeline.Diagnostics());
    }
}
