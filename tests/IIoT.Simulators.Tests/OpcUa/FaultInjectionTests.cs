using System.Diagnostics;
using IIoT.OpcUa.Client;
using IIoT.OpcUa.Types;
using IIoT.Simulators.OpcUa;
using IIoT.Testing;

namespace IIoT.Simulators.Tests.OpcUa;

/// <summary>Each fault injection of the OPC UA simulator, seen from our client.</summary>
public sealed class FaultInjectionTests
{
    [Fact]
    public Task Drop_closes_every_connection_and_the_client_reconnects_its_session() => Run(async () =>
    {
        await using var sim = await SimLine.StartAsync();
        var states = new List<SessionState>();
        sim.Session.StateChanged += (_, e) => { lock (states) states.Add(e.State); };

        await sim.Host.ExecuteAsync(FaultCommandParser.Parse("drop"));

        await Wait.UntilAsync(() => { lock (states) return states.Contains(SessionState.Reconnected) || states.Contains(SessionState.SessionRecreated); },
            TimeSpan.FromSeconds(20), "client reconnected");
        lock (states) Assert.Contains(SessionState.Reconnecting, states);
        Assert.Equal(1, sim.Session.ReconnectCount);
        await sim.Host.StepAsync();
        Assert.Equal(StatusCode.Good, (await sim.Session.ReadAsync(sim.Id("m01", "sequence"))).Status);
    });

    [Fact]
    public Task Pause_publish_holds_notifications_until_the_pause_ends_while_reads_answer() => Run(async () =>
    {
        await using var sim = await SimLine.StartAsync();
        // A keep-alive window (50 ms x 100) longer than the pause: the client waits instead of recovering via Republish.
        await using var subscription = await sim.Session.CreateSubscriptionAsync(new SubscriptionOptions { PublishingInterval = TimeSpan.FromMilliseconds(50), KeepAliveCount = 100 });
        await subscription.AddMonitoredItemsAsync([new MonitoredItemOptions { NodeId = sim.Id("m01", "sequence"), SamplingInterval = 50, QueueSize = 10 }]);
        var first = (long)(await AddressSpaceTests.NextValueAsync(subscription)).Value.Value!;
        var pause = TimeSpan.FromSeconds(2);
        var watch = Stopwatch.StartNew();

        await sim.Host.ExecuteAsync(FaultCommandParser.Parse("pause-publish 2"));
        await sim.Host.StepAsync();

        // The server still answers reads with the new value; the notification waits for the end of the pause.
        Assert.Equal(first + 1, (await sim.Session.ReadAsync(sim.Id("m01", "sequence"))).Value.Value);
        DataValue next;
        do
        {
            next = await AddressSpaceTests.NextValueAsync(subscription);
        }
        while ((long)next.Value.Value! != first + 1);
        Assert.True(watch.Elapsed >= pause - TimeSpan.FromMilliseconds(100), $"notified after {watch.ElapsedMilliseconds} ms");
    });

    [Fact]
    public Task Restart_comes_back_on_the_same_port_with_no_sessions_and_the_model_continues() => Run(async () =>
    {
        await using var sim = await SimLine.StartAsync();
        var port = sim.Host.Servers[0].Port;
        var before = (long)(await sim.Session.ReadAsync(sim.Id("m01", "sequence"))).Value.Value!;
        var oldServer = sim.Host.Servers[0];

        await sim.Host.ExecuteAsync(FaultCommandParser.Parse("restart"));
        await sim.Host.StepAsync();

        Assert.NotSame(oldServer, sim.Host.Servers[0]);
        Assert.Equal(port, sim.Host.Servers[0].Port);
        await using var fresh = await UaSession.ConnectAsync(SimLine.Client(sim.Url));
        Assert.Equal(1, sim.Host.Servers[0].SessionCount);
        Assert.Equal(before + 1, (await fresh.ReadAsync(sim.Id("m01", "sequence"))).Value.Value);
        // The old client lost its session: it reconnects with a new one.
        await Wait.UntilAsync(() => sim.Session.State is SessionState.SessionRecreated or SessionState.Connected && sim.Host.Servers[0].SessionCount == 2,
            TimeSpan.FromSeconds(20), "old client recreated its session");
    });

    [Theory]
    [InlineData("Uncertain", StatusCodes.Uncertain)]
    [InlineData("Bad", StatusCodes.Bad)]
    [InlineData("BadSensorFailure", StatusCodes.BadSensorFailure)]
    public Task Bad_quality_is_sent_with_the_value_until_cleared(string status, uint code) => Run(async () =>
    {
        await using var sim = await SimLine.StartAsync();

        await sim.Host.ExecuteAsync(FaultCommandParser.Parse($"bad m01 temperature {status}"));
        await sim.Host.StepAsync();

        var bad = await sim.Session.ReadAsync(sim.Id("m01", "temperature"));
        Assert.Equal(code, bad.Status.Code);
        Assert.IsType<double>(bad.Value.Value); // the value still travels with its status
        Assert.Equal(StatusCode.Good, (await sim.Session.ReadAsync(sim.Id("m02", "temperature"))).Status);

        await sim.Host.ExecuteAsync(FaultCommandParser.Parse("clear m01 temperature"));
        await sim.Host.StepAsync();
        Assert.Equal(StatusCode.Good, (await sim.Session.ReadAsync(sim.Id("m01", "temperature"))).Status);
    });

    [Fact]
    public Task Bad_quality_with_a_duration_ends_by_itself() => Run(async () =>
    {
        await using var sim = await SimLine.StartAsync();
        await sim.Host.ExecuteAsync(FaultCommandParser.Parse("bad * power Uncertain 0.3"));
        await sim.Host.StepAsync();
        Assert.Equal(StatusCodes.Uncertain, (await sim.Session.ReadAsync(sim.Id("m03", "power"))).Status.Code);

        await Wait.UntilAsync(async () =>
        {
            await sim.Host.StepAsync();
            return (await sim.Session.ReadAsync(sim.Id("m03", "power"))).Status == StatusCode.Good;
        }, TimeSpan.FromSeconds(10), "status back to Good");
    });

    [Fact]
    public Task Freeze_keeps_the_value_and_its_timestamp_while_the_others_move() => Run(async () =>
    {
        await using var sim = await SimLine.StartAsync();
        await sim.Host.ExecuteAsync(FaultCommandParser.Parse("freeze m01 sequence"));
        var frozen = await sim.Session.ReadAsync(sim.Id("m01", "sequence"));
        var other = (long)(await sim.Session.ReadAsync(sim.Id("m02", "sequence"))).Value.Value!;

        await sim.Host.StepAsync();
        await sim.Host.StepAsync();

        var still = await sim.Session.ReadAsync(sim.Id("m01", "sequence"));
        Assert.Equal(frozen.Value.Value, still.Value.Value);
        Assert.Equal(frozen.SourceTimestamp, still.SourceTimestamp);
        Assert.Equal(other + 2, (await sim.Session.ReadAsync(sim.Id("m02", "sequence"))).Value.Value);

        await sim.Host.ExecuteAsync(FaultCommandParser.Parse("clear m01 sequence"));
        await sim.Host.StepAsync();
        Assert.Equal((long)frozen.Value.Value! + 3, (await sim.Session.ReadAsync(sim.Id("m01", "sequence"))).Value.Value);
    });

    [Fact]
    public Task A_fault_on_an_unknown_signal_is_refused() => Run(async () =>
    {
        await using var sim = await SimLine.StartAsync();
        await Assert.ThrowsAsync<ArgumentException>(() => sim.Host.ExecuteAsync(FaultCommandParser.Parse("freeze m01 no_such_signal")));
        await Assert.ThrowsAsync<ArgumentException>(() => sim.Host.ExecuteAsync(FaultCommandParser.Parse("freeze m99 sequence")));
    });

    private static Task Run(Func<Task> test) => test().WaitAsync(SimLine.Timeout);
}
