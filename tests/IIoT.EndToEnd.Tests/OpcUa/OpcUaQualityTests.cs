using System.Text.Json;
using IIoT.Contracts;
using IIoT.OpcUa.Client;
using IIoT.OpcUa.Types;
using IIoT.Testing;

namespace IIoT.EndToEnd.Tests.OpcUa;

/// <summary>
/// The simulator's value faults through the whole path: bad and uncertain values are stored as such with their
/// status code and their value (never dropped, never turned into 0); a frozen variable is stored once, unchanged, and
/// its stream goes on when it thaws.
/// </summary>
public sealed class OpcUaQualityTests
{
    private const int Machines = 2;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(25);

    [Fact(Timeout = 90_000)]
    public async Task OPC_bad_and_uncertain_values_are_stored_with_quality_status_and_value_and_none_is_lost()
    {
        await using var pipeline = await OpcUaPipeline.StartAsync(Machines);
        var before = await FlowingAsync(pipeline);

        // 2 s at 2 ticks/s: about 4 values of each go out with a non-Good status, then Good again.
        pipeline.Control("bad m01 sequence BadSensorFailure 2");
        pipeline.Control("bad m02 sequence Uncertain 2");
        await WaitAsync(pipeline.WaitForSequenceAsync(Machines, 1, Patience, above: before + 12), pipeline);

        var rows = await pipeline.Influx.RowsAsync(OpcUaPipeline.Tenant, "SELECT \"value\", \"quality\", \"status\" FROM \"sequence\" GROUP BY \"machine\"");
        var sequences = await pipeline.SequencesAsync();
        Assert.True(OpcUaPipeline.Holes(sequences).Count == 0, "missing: " + string.Join(",", OpcUaPipeline.Holes(sequences)) + " " + OpcUaPipeline.Describe(sequences));
        Assert.All(rows, r => Assert.Equal(JsonValueKind.Number, r["value"].ValueKind)); // no bad row without its value

        AssertFaulted(rows, "m01", "bad", StatusCodes.BadSensorFailure);
        AssertFaulted(rows, "m02", "uncertain", StatusCodes.Uncertain);
    }

    [Fact(Timeout = 90_000)]
    public async Task OPC_frozen_value_is_stored_once_unchanged_and_the_stream_continues_after_it_thaws()
    {
        await using var pipeline = await OpcUaPipeline.StartAsync(Machines);
        await FlowingAsync(pipeline);
        await using var session = await UaSession.ConnectAsync(new ClientOptions { EndpointUrl = $"opc.tcp://127.0.0.1:{pipeline.OpcPort}" });
        var ns = (ushort)session.NamespaceUris.ToList().IndexOf(OpcUaPipeline.Namespace);
        var frozenId = new NodeId("plant1.assembly.line1.m01.sequence", ns);
        var runningId = new NodeId("plant1.assembly.line1.m02.sequence", ns);

        pipeline.Control("freeze m01 sequence");
        // Frozen once m02 has moved on by more than a second (2 ticks) past m01's source timestamp.
        DataValue frozen = default!;
        await Wait.UntilAsync(async () =>
        {
            frozen = await session.ReadAsync(frozenId);
            var running = await session.ReadAsync(runningId);
            return running.SourceTimestamp.ToDateTime() - frozen.SourceTimestamp.ToDateTime() > TimeSpan.FromSeconds(1.2);
        }, Patience, "m01/sequence to freeze while m02 goes on");
        var frozenNs = Ns(frozen.SourceTimestamp);
        var frozenValue = (long)frozen.Value.Value!;

        // Everything m02 sent until a second after the freeze is stored: had m01 sent anything then, it would be stored too.
        var mark = (long)(await session.ReadAsync(runningId)).Value.Value!;
        await WaitAsync(Wait.UntilAsync(async () => (await RowsAsync(pipeline, "m02")).Any(r => r["value"].GetInt64() >= mark),
            Patience, $"m02/sequence {mark} in InfluxDB", TimeSpan.FromMilliseconds(300)), pipeline);
        var during = await RowsAsync(pipeline, "m01");
        var last = during[^1];
        Assert.Equal(frozenNs, last["time"].GetInt64());
        Assert.Equal(frozenValue, last["value"].GetInt64());
        Assert.Equal("good", last["quality"].GetString());
        Assert.Single(during, r => r["value"].GetInt64() == frozenValue); // stored once, not repeated while frozen

        pipeline.Control("clear m01 sequence");
        await WaitAsync(Wait.UntilAsync(async () => (await RowsAsync(pipeline, "m01"))[^1]["time"].GetInt64() > frozenNs,
            Patience, "m01/sequence to flow again after clear", TimeSpan.FromMilliseconds(300)), pipeline);
        var after = await RowsAsync(pipeline, "m01");
        var thawed = after.Where(r => r["time"].GetInt64() > frozenNs).ToList();
        Assert.All(thawed, r => Assert.True(r["value"].GetInt64() > frozenValue + 1, "the model went on while frozen: the next value is newer"));
        Assert.All(thawed, r => Assert.Equal("good", r["quality"].GetString()));
        // The other machine is untouched by the fault: contiguous throughout.
        var sequences = await pipeline.SequencesAsync();
        Assert.True(OpcUaPipeline.Holes(new() { ["m02"] = sequences["m02"] }).Count == 0, OpcUaPipeline.Describe(sequences));
    }

    private static void AssertFaulted(List<Dictionary<string, JsonElement>> rows, string machine, string quality, uint status)
    {
        var mine = rows.Where(r => r["machine"].GetString() == machine).OrderBy(r => r["time"].GetInt64()).ToList();
        var faulted = mine.Where(r => r["quality"].GetString() != "good").ToList();
        var report = $"{machine}: " + string.Join(" ", mine.Select(r => $"{r["value"]}/{r["quality"]}/{r["status"]}"));
        Assert.True(faulted.Count >= 2, report);
        Assert.All(faulted, r =>
        {
            Assert.Equal(quality, r["quality"].GetString());
            Assert.Equal(status, (uint)r["status"].GetInt64());
            Assert.NotEqual(0, r["value"].GetInt64());
        });
        // Good before and after the fault window, and the faulted values sit in one contiguous run.
        Assert.Equal("good", mine[0]["quality"].GetString());
        Assert.Equal("good", mine[^1]["quality"].GetString());
        Assert.Equal(faulted.Count, faulted[^1]["value"].GetInt64() - faulted[0]["value"].GetInt64() + 1);
    }

    private static async Task<List<Dictionary<string, JsonElement>>> RowsAsync(OpcUaPipeline pipeline, string machine) =>
        (await pipeline.Influx.RowsAsync(OpcUaPipeline.Tenant,
            $"SELECT \"value\", \"quality\" FROM \"sequence\" WHERE \"machine\" = '{machine}'")).OrderBy(r => r["time"].GetInt64()).ToList();

    private static long Ns(UaDateTime time) => UnixTime.ToNanoseconds(new DateTimeOffset(time.ToDateTime(), TimeSpan.Zero));

    private static async Task<long> FlowingAsync(OpcUaPipeline pipeline)
    {
        await WaitAsync(pipeline.WaitForSequenceAsync(Machines, 4, Patience), pipeline);
        return (await pipeline.SequencesAsync()).Values.Max(s => s.Max());
    }

    private static async Task WaitAsync(Task wait, OpcUaPipeline pipeline)
    {
        try
        {
            await wait;
        }
        catch (TimeoutException e)
        {
            Assert.Fail(e.Message + pipeline.Diagnostics());
        }
    }
}
