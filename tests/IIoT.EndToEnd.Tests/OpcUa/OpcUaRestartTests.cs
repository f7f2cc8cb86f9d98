using System.Text.Json;
using System.Text.RegularExpressions;
using IIoT.OpcUa.Client;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;
using IIoT.Testing;
using Xunit.Abstractions;

namespace IIoT.EndToEnd.Tests.OpcUa;

/// <summary>
/// The gateway killed with SIGKILL mid-stream and restarted on the same data folder (issue 4's fault list; RELIABILITY.md
/// has no id of its own for it: it is UA-R03's "new session, TransferSubscriptions" across a process death, checked with
/// MQ-01's "lost = 0"). The endpoint logs in with a user name, so the server lets the new process take the subscription
/// over: what the server queued while nobody published and the messages sent but never acknowledged (not durable yet)
/// come back, and the per-machine sequence in InfluxDB has no hole.
/// </summary>
public sealed partial class OpcUaRestartTests(ITestOutputHelper output)
{
    private const int Machines = 2;
    private const string User = "gateway";
    private const string Password = "gw-secret-1";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(25);

    [Fact(Timeout = 120_000)]
    public async Task OPC_gateway_SIGKILLed_and_restarted_takes_its_subscription_over_and_no_sequence_value_is_lost()
    {
        await using var pipeline = await OpcUaPipeline.StartAsync(Machines);
        // The pipeline starts anonymous; an anonymous subscription can never be taken over, so log in with a user.
        await pipeline.Gateway.KillAsync();
        await pipeline.Simulator.StopAsync();
        pipeline.Simulator.Settings["Simulator:OpcUa:Users:" + User] = Password;
        pipeline.Simulator.Settings["Simulator:OpcUa:AllowAnonymous"] = "false";
        pipeline.Gateway.Settings["OpcUa:Endpoints:0:UserName"] = User;
        pipeline.Gateway.Settings["OpcUa:Endpoints:0:Password"] = Password;
        var since = DateTimeOffset.UtcNow;
        await pipeline.Simulator.StartAsync();
        await pipeline.Gateway.StartAsync();
        var saved = pipeline.Folder.Combine("gateway", "opcua", "line1~default.jsonl");

        await WaitAsync(pipeline, () => SequenceCountAsync(pipeline, since, 4), "4 sequence values per machine with the user login");
        await WaitAsync(pipeline, () => Task.FromResult(File.Exists(saved)), "the saved subscription " + saved);
        await using var probe = await UaSession.ConnectAsync(new ClientOptions
        {
            EndpointUrl = $"opc.tcp://127.0.0.1:{pipeline.OpcPort}",
            Identity = UserIdentity.FromUserName(User, Password),
        }).WaitAsync(Patience);

        await pipeline.Gateway.KillAsync();
        var atKill = await SequenceAsync(probe);
        // Dead for 3 s (6 ticks): the values keep changing and queue up at the server.
        await WaitAsync(pipeline, async () => await SequenceAsync(probe) >= atKill + 6, "6 ticks of the simulator while the gateway is dead");
        await pipeline.Gateway.StartAsync();
        await WaitAsync(pipeline, () => SequenceCountAsync(pipeline, since, 1, above: atKill + 10), "the sequence past the outage in InfluxDB");

        var sequences = await SequencesAsync(pipeline, since);
        var holes = OpcUaPipeline.Holes(sequences);
        var gaps = await pipeline.Influx.RowsAsync(OpcUaPipeline.Tenant,
            $"SELECT * FROM \"iiot_loss\" WHERE \"reason\" = 'opcua-gap' AND time > {since.ToUnixTimeMilliseconds()}ms");
        var takeover = TakenOver().Match(pipeline.Gateway.Output);
        var report = $"killed at sequence {atKill}; takeover: {(takeover.Success ? takeover.Value : "none")}; "
            + $"republished messages {pipeline.Republished()}; opcua-gap rows {gaps.Count}; holes [{string.Join(",", holes)}]; "
            + OpcUaPipeline.Describe(sequences);
        output.WriteLine(report);
        Console.WriteLine("gateway SIGKILL: " + report);

        Assert.True(takeover.Success, "the restarted gateway did not take the subscription over: " + report + pipeline.Diagnostics());
        Assert.Empty(gaps);
        Assert.True(holes.Count == 0, "missing: " + report + pipeline.Diagnostics());
    }

    [GeneratedRegex(@"subscription \d+ of the previous run taken over; (?<available>\d+) unacknowledged messages held by the server, (?<republished>\d+) republished")]
    private static partial Regex TakenOver();

    private static async Task WaitAsync(OpcUaPipeline pipeline, Func<Task<bool>> condition, string what)
    {
        try
        {
            await Wait.UntilAsync(condition, Patience, what, TimeSpan.FromMilliseconds(200));
        }
        catch (TimeoutException e)
        {
            Assert.Fail(e.Message + OpcUaLines(pipeline) + pipeline.Diagnostics());
        }
    }

    /// <summary>The gateway's OPC UA log lines (the MQTT source's retries of its unused broker would hide them).</summary>
    private static string OpcUaLines(OpcUaPipeline pipeline) =>
        "\n--- gateway OPC UA lines ---\n" + string.Join("\n", pipeline.Gateway.Output.Split('\n')
            .Where(l => l.Contains("OpcUa", StringComparison.Ordinal) || l.Contains("OPC UA", StringComparison.Ordinal)).TakeLast(60));

    private static async Task<long> SequenceAsync(UaSession probe)
    {
        var response = await probe.CallAsync<ReadResponse>(new ReadRequest
        {
            NodesToRead = [new ReadValueId { NodeId = SequenceNode(probe), AttributeId = AttributeIds.Value }],
        });
        return Convert.ToInt64(response.Results![0].Value.Value);
    }

    private static NodeId SequenceNode(UaSession probe)
    {
        var ns = probe.NamespaceUris.ToList().IndexOf(OpcUaPipeline.Namespace);
        return new NodeId("plant1.assembly.line1.m01.sequence", (ushort)ns);
    }

    private static async Task<bool> SequenceCountAsync(OpcUaPipeline pipeline, DateTimeOffset since, int count, long above = long.MinValue)
    {
        var sequences = await SequencesAsync(pipeline, since);
        return sequences.Count == Machines && sequences.Values.All(s => s.Count >= count && s.Max() > above);
    }

    /// <summary>The stored sequence values per machine since the user login (the anonymous warm-up run is left out).</summary>
    private static async Task<Dictionary<string, List<long>>> SequencesAsync(OpcUaPipeline pipeline, DateTimeOffset since)
    {
        var rows = await pipeline.Influx.RowsAsync(OpcUaPipeline.Tenant,
            $"SELECT \"value\" FROM \"sequence\" WHERE time > {since.ToUnixTimeMilliseconds()}ms GROUP BY \"machine\"");
        return rows
            .Where(r => r["value"].ValueKind == JsonValueKind.Number)
            .GroupBy(r => r["machine"].GetString()!)
            .ToDictionary(g => g.Key, g => g.OrderBy(r => r["time"].GetInt64()).Select(r => r["value"].GetInt64()).ToList());
    }
}
