using IIoT.Testing;

namespace IIoT.EndToEnd.Tests;

/// <summary>
/// Faults in the middle of a stream, each checked for loss against the simulators' truth file
/// (RELIABILITY.md B9: lost = 0, unexpected = 0; duplicates are harmless because InfluxDB overwrites).
/// </summary>
public sealed class FaultTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact(Timeout = 240_000)]
    public async Task UP_cloud_killed_and_restarted_mid_stream_loses_nothing()
    {
        await using var pipeline = await Pipeline.CreateAsync();
        await pipeline.StartAsync();
        var simulator = await pipeline.StartSimulatorAsync(machines: 5, ticks: 300, messagesPerSecond: 250);

        await WaitForSomeStoredAsync(pipeline);
        await pipeline.Cloud.KillAsync();
        await Wait.UntilAsync(async () => await pipeline.Gateway.MetricAsync("iiot_gateway_uplink_batches_total") > 0 &&
            (await pipeline.Gateway.Http!.GetStringAsync("/metrics")).Contains("outcome=\"retrylater\""), Patience, "the gateway to notice the cloud is gone");
        await pipeline.Cloud.StartAsync();

        await Pipeline.WaitForExitAsync(simulator, Patience);
        await AssertNothingLostAsync(pipeline);
    }

    [Fact(Timeout = 240_000)]
    public async Task API_10_influxd_stopped_and_restarted_mid_stream_loses_nothing()
    {
        await using var pipeline = await Pipeline.CreateAsync();
        await pipeline.StartAsync();
        var simulator = await pipeline.StartSimulatorAsync(machines: 5, ticks: 300, messagesPerSecond: 250);

        await WaitForSomeStoredAsync(pipeline);
        await pipeline.Influx.KillAsync();
        await Wait.UntilAsync(async () => (await pipeline.Gateway.Http!.GetStringAsync("/metrics")).Contains("outcome=\"retrylater\""),
            Patience, "the cloud to answer 503 while InfluxDB is down");
        await pipeline.Influx.StartProcessAsync();

        await Pipeline.WaitForExitAsync(simulator, Patience);
        await AssertNothingLostAsync(pipeline);
    }

    [Fact(Timeout = 240_000)]
    public async Task BUF_01_MQ_01_gateway_killed_with_SIGKILL_and_restarted_loses_nothing_it_acknowledged()
    {
        await using var pipeline = await Pipeline.CreateAsync();
        await pipeline.StartAsync();
        var simulator = await pipeline.StartSimulatorAsync(machines: 5, ticks: 400, messagesPerSecond: 250);

        await WaitForSomeStoredAsync(pipeline);
        await pipeline.Gateway.KillAsync();
        await pipeline.Gateway.StartAsync();
        await WaitForSomeStoredAsync(pipeline, fraction: 0.6);
        await pipeline.Gateway.KillAsync();
        await pipeline.Gateway.StartAsync();

        await Pipeline.WaitForExitAsync(simulator, Patience);
        await AssertNothingLostAsync(pipeline);
    }

    [Fact(Timeout = 240_000)]
    public async Task MQ_03_broker_restarted_mid_stream_loses_nothing()
    {
        await using var pipeline = await Pipeline.CreateAsync();
        await pipeline.StartAsync();
        var simulator = await pipeline.StartSimulatorAsync(machines: 5, ticks: 300, messagesPerSecond: 250);

        await WaitForSomeStoredAsync(pipeline);
        await pipeline.Broker.StopAsync();
        await pipeline.Broker.StartProcessAsync();

        await Pipeline.WaitForExitAsync(simulator, Patience);
        await AssertNothingLostAsync(pipeline);
    }

    [Fact(Timeout = 240_000)]
    public async Task API_01_UP_10_wrong_api_key_writes_nothing_and_the_gateway_keeps_everything_until_the_key_is_fixed()
    {
        await using var pipeline = await Pipeline.CreateAsync();
        pipeline.Gateway.Settings["Uplink:ApiKey"] = "not-the-key";
        await pipeline.StartAsync();
        var simulator = await pipeline.StartSimulatorAsync(machines: 2, ticks: 50, messagesPerSecond: 500);
        await Pipeline.WaitForExitAsync(simulator, Patience);

        await Wait.UntilAsync(async () => (await pipeline.Gateway.Http!.GetStringAsync("/metrics")).Contains("outcome=\"unauthorized\""),
            Patience, "the gateway to be refused with 401");
        Assert.Equal(0, await StoredPoints.CountAsync(pipeline.Influx, Pipeline.Tenant));
        Assert.Contains("unauthorized", await pipeline.Gateway.Http!.GetStringAsync("/healthz"), StringComparison.OrdinalIgnoreCase);

        await pipeline.Gateway.StopAsync();
        pipeline.Gateway.Settings["Uplink:ApiKey"] = Pipeline.ApiKey;
        await pipeline.Gateway.StartAsync();
        await AssertNothingLostAsync(pipeline);
    }

    [Fact(Timeout = 240_000)]
    public async Task BUF_08_buffer_byte_limit_with_drop_oldest_drops_counts_and_reports_exactly_what_it_dropped()
    {
        await using var pipeline = await Pipeline.CreateAsync();
        pipeline.Gateway.Settings["Buffer:MaxBytes"] = (512 * 1024).ToString();
        pipeline.Gateway.Settings["Buffer:SegmentBytes"] = (32 * 1024).ToString();
        pipeline.Gateway.Settings["Buffer:Overflow"] = "DropOldest";
        pipeline.Gateway.Settings["Buffer:MaxRecordBytes"] = "65536";
        // The cloud stays down while the line produces about 1.5x what the buffer holds.
        await pipeline.Gateway.StartAsync();
        var simulator = await pipeline.StartSimulatorAsync(machines: 5, ticks: 160, messagesPerSecond: 500);
        await Pipeline.WaitForExitAsync(simulator, Patience);
        await Wait.UntilAsync(async () => await pipeline.Gateway.MetricAsync("iiot_gateway_mqtt_points_mapped_total") >= 5 * 160 * 10,
            Patience, "the gateway to take in every message");
        var dropped = await pipeline.Gateway.MetricAsync("iiot_gateway_buffer_dropped_records_total");
        Assert.True(dropped > 0, "nothing was dropped; the test did not fill the buffer");

        await pipeline.Cloud.StartAsync();
        var truth = Truth.Read(pipeline.TruthFile);
        long stored = 0, reported = 0;
        await Wait.UntilAsync(async () =>
        {
            stored = await StoredPoints.CountAsync(pipeline.Influx, Pipeline.Tenant);
            var rows = await pipeline.Influx.RowsAsync(Pipeline.Tenant, "SELECT sum(\"count\") FROM iiot_loss WHERE \"reason\" = 'overflow'");
            reported = rows.Sum(r => r["sum"].GetInt64());
            return stored + reported == truth.Points.Count;
        }, Patience, "stored + reported overflow to equal what was published");
        Assert.Equal(dropped, reported);
        Assert.True(stored < truth.Points.Count);
    }

    [Fact(Timeout = 240_000)]
    public async Task BUF_04_a_bit_flip_in_the_buffer_loses_exactly_the_damaged_record_and_the_ledger_says_so()
    {
        await using var pipeline = await Pipeline.CreateAsync();
        // The cloud is down, so everything waits in the buffer.
        await pipeline.Gateway.StartAsync();
        var simulator = await pipeline.StartSimulatorAsync(machines: 2, ticks: 50, messagesPerSecond: 500);
        await Pipeline.WaitForExitAsync(simulator, Patience);
        await Wait.UntilAsync(async () => await pipeline.Gateway.MetricAsync("iiot_gateway_mqtt_messages_acknowledged_total") >= 100,
            Patience, "the gateway to acknowledge every message");
        await pipeline.Gateway.KillAsync();

        var segment = Directory.GetFiles(pipeline.Folder.Combine("gateway", "buffer"), "*.seg").OrderBy(f => f).First();
        // The writer keeps zeroed space ahead of its data: flip a bit halfway into what was written.
        var bytes = await File.ReadAllBytesAsync(segment);
        var written = Array.FindLastIndex(bytes, b => b != 0) + 1;
        bytes[written / 2] ^= 0x10;
        await File.WriteAllBytesAsync(segment, bytes);

        await pipeline.Cloud.StartAsync();
        await pipeline.Gateway.StartAsync();
        var truth = Truth.Read(pipeline.TruthFile);
        await Wait.UntilAsync(async () =>
        {
            var rows = await pipeline.Influx.RowsAsync(Pipeline.Tenant, "SELECT sum(\"count\") FROM iiot_loss WHERE \"reason\" = 'corrupt'");
            return rows.Sum(r => r["sum"].GetInt64()) == 1 && await StoredPoints.CountAsync(pipeline.Influx, Pipeline.Tenant) == truth.Points.Count - 1;
        }, Patience, "every point but the damaged one stored, and one corrupt record in the loss ledger");
        Assert.Equal(1, await pipeline.Gateway.MetricAsync("iiot_gateway_buffer_corrupt_records_total"));
        var audit = StoredPoints.Check(truth, await StoredPoints.ReadAsync(pipeline.Influx, Pipeline.Tenant));
        Assert.Single(audit.Lost);
        Assert.Empty(audit.Unexpected);
        Assert.Empty(audit.Wrong);
    }

    private static async Task WaitForSomeStoredAsync(Pipeline pipeline, double fraction = 0.25)
    {
        // The simulator's plan: ticks x machines messages of 10 points; wait until part of it is stored.
        await Wait.UntilAsync(async () =>
        {
            var truth = File.Exists(pipeline.TruthFile) ? Truth.Read(pipeline.TruthFile).Points.Count : 0;
            var stored = await StoredPoints.CountAsync(pipeline.Influx, Pipeline.Tenant);
            return truth > 0 && stored >= truth * fraction && stored > 500;
        }, Patience, "part of the stream to be stored");
    }

    private static async Task AssertNothingLostAsync(Pipeline pipeline)
    {
        var audit = await pipeline.WaitForAllStoredAsync(Patience);
        Assert.True(audit.Lost.Count == 0 && audit.Unexpected.Count == 0 && audit.Wrong.Count == 0, audit + "\n" + pipeline.Diagnostics());
    }
}
