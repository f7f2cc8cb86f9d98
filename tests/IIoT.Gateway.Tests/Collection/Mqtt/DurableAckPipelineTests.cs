using System.Buffers;
using System.Text;
using IIoT.Gateway.Collection.Mqtt;
using IIoT.Gateway.Collection.Mqtt.Mapping;
using IIoT.Gateway.DeadLetters;
using IIoT.Gateway.Tests.Collection.Mqtt.Mapping;
using IIoT.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace IIoT.Gateway.Tests.Collection.Mqtt;

public sealed class DurableAckPipelineTests : IDisposable
{
    private readonly TempFolder _folder = new("pipeline");
    private readonly DeadLetterStore _deadLetters;
    private readonly RecordingLedger _ledger = new();
    private readonly MappingRules _rules = MappingRules.Compile([MappingRulesTests.LineJson()]);
    private readonly List<int> _acks = [];

    public DurableAckPipelineTests()
    {
        _deadLetters = new DeadLetterStore(new DeadLetterOptions { Directory = _folder.Path }, TimeProvider.System,
            NullLogger<DeadLetterStore>.Instance);
    }

    public void Dispose()
    {
        _deadLetters.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task MQ_02_acks_go_out_in_receive_order_when_appends_complete_in_reverse_order()
    {
        var durable = Enumerable.Range(0, 100).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var sink = new RecordingSink { BeforeDurable = (call, ct) => durable[call].Task.WaitAsync(ct) };
        var broker = new MqttBrokerOptions { Name = "mq02", MaxAppendsInFlight = 64, MaxMessagesPerAppend = 3 };
        var pipeline = new DurableAckPipeline(broker, "mqtt:mq02", sink, _ledger, _deadLetters);
        using var stop = new CancellationTokenSource();
        var running = pipeline.RunAsync(stop.Token);

        for (var i = 0; i < 24; i++)
        {
            await pipeline.EnqueueAsync(Message(i), stop.Token).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        }
        await Wait.UntilAsync(() => sink.Offered == 240, TimeSpan.FromSeconds(10), "every message offered to the sink");
        var calls = sink.Calls;
        Assert.True(calls >= 8, $"only {calls} appends");
        // Durable in reverse order: the last append first. Nothing may be acknowledged until the first one is.
        for (var call = calls - 1; call >= 1; call--)
        {
            durable[call].SetResult();
            await Wait.UntilAsync(() => sink.CompletionOrder.Count == calls - call, TimeSpan.FromSeconds(10), $"append {call} durable");
        }
        Assert.Empty(Acks());
        durable[0].SetResult();
        await Wait.UntilAsync(() => Acks().Count == 24, TimeSpan.FromSeconds(10), "all acks");

        Assert.Equal(Enumerable.Range(0, 24), Acks());
        Assert.Equal(Enumerable.Range(0, calls).Reverse(), sink.CompletionOrder);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Nothing_is_acknowledged_before_the_append_is_durable_and_the_unacked_bound_holds()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sink = new RecordingSink { BeforeDurable = (_, ct) => release.Task.WaitAsync(ct) };
        var broker = new MqttBrokerOptions { Name = "bound", ReceiveMaximum = 5 };
        var pipeline = new DurableAckPipeline(broker, "mqtt:bound", sink, _ledger, _deadLetters);
        using var stop = new CancellationTokenSource();
        var running = pipeline.RunAsync(stop.Token);

        for (var i = 0; i < 5; i++)
        {
            await pipeline.EnqueueAsync(Message(i), stop.Token).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        }
        var sixth = pipeline.EnqueueAsync(Message(5), stop.Token).AsTask();
        await Wait.UntilAsync(() => sink.Offered == 50, TimeSpan.FromSeconds(10), "five messages offered to the sink");

        Assert.False(sixth.IsCompleted);
        Assert.Equal(5, pipeline.Unacknowledged);
        Assert.Empty(Acks());
        release.SetResult();
        await sixth.WaitAsync(TimeSpan.FromSeconds(10));
        await Wait.UntilAsync(() => Acks().Count == 6, TimeSpan.FromSeconds(10), "six acks");
        Assert.Equal(60, sink.Points.Count);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_failed_append_fails_the_pipeline_and_acknowledges_nothing()
    {
        var sink = new RecordingSink { BeforeDurable = (_, _) => Task.FromException(new IOException("disk gone")) };
        var pipeline = new DurableAckPipeline(new MqttBrokerOptions { Name = "fail" }, "mqtt:fail", sink, _ledger, _deadLetters);
        var running = pipeline.RunAsync(CancellationToken.None);

        await pipeline.EnqueueAsync(Message(0), CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        await Assert.ThrowsAsync<IOException>(() => running.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Empty(Acks());
    }

    private List<int> Acks()
    {
        lock (_acks)
        {
            return [.. _acks];
        }
    }

    private ReceivedMessage Message(int index)
    {
        var records = new List<ReadOnlyMemory<byte>>();
        var payload = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(MappingRulesTests.SimulatorPayload.Replace("42", index.ToString())));
        var result = _rules.Map("factory/p/a/l/m/telemetry", payload, 1, "mqtt:test", records);
        Assert.True(result.Succeeded);
        return new ReceivedMessage("factory/p/a/l/m/telemetry", result, records, default, 1, _ =>
        {
            lock (_acks)
            {
                _acks.Add(index);
            }
            return Task.CompletedTask;
        });
    }
}
