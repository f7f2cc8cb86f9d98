using System.Diagnostics;
using System.Threading.Channels;
using IIoT.Gateway.Buffering;
using IIoT.Gateway.Collection.Mqtt.Mapping;
using IIoT.Gateway.DeadLetters;
using IIoT.Gateway.Ledger;

namespace IIoT.Gateway.Collection.Mqtt;

/// <summary>
/// Ack after write, for one connection (RELIABILITY MQ-01, MQ-02, lesson 4):
/// <code>
/// receive handler --(slots)--> batch loop: AppendAsync(many messages) --(in flight ≤ N)--> ack loop: PUBACK in order
/// </code>
/// The handler never waits for durability, so many messages share one append (one fsync); appends may overlap and
/// finish in any order, but the ack loop awaits them in the order they were made and acknowledges each message in
/// receive order [MQTT-4.6.0-2]. A slot is held from receipt to acknowledgement, which bounds the unacknowledged
/// messages (the local Receive Maximum that MQTT 3.1.1 lacks). If the connection ends first, nothing more is
/// acknowledged and the broker redelivers: at least once, never lost.
/// </summary>
internal sealed class DurableAckPipeline
{
    private readonly Channel<ReceivedMessage> _received =
        Channel.CreateUnbounded<ReceivedMessage>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Channel<PendingAppend> _pending;
    private readonly SemaphoreSlim _slots;
    private readonly int _capacity;
    private readonly int _maxMessagesPerAppend;
    private readonly string _source;
    private readonly IRecordSink _sink;
    private readonly ILossLedger _ledger;
    private readonly DeadLetterStore _deadLetters;
    private readonly TagList _tags;

    public DurableAckPipeline(MqttBrokerOptions broker, string source, IRecordSink sink, ILossLedger ledger, DeadLetterStore deadLetters)
    {
        _capacity = broker.ReceiveMaximum;
        _slots = new SemaphoreSlim(_capacity, _capacity);
        _pending = Channel.CreateBounded<PendingAppend>(new BoundedChannelOptions(broker.MaxAppendsInFlight)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _maxMessagesPerAppend = broker.MaxMessagesPerAppend;
        _source = source;
        _sink = sink;
        _ledger = ledger;
        _deadLetters = deadLetters;
        _tags = new TagList { { "broker", broker.Name } };
    }

    /// <summary>Messages received and not yet acknowledged.</summary>
    public int Unacknowledged => _capacity - _slots.CurrentCount;

    /// <summary>Called by the receive handler, in receive order. Waits only while the unacknowledged bound is reached.</summary>
    public async ValueTask EnqueueAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (!_received.Writer.TryWrite(message))
        {
            _slots.Release();
            throw new OperationCanceledException("The connection's pipeline has stopped.");
        }
    }

    /// <summary>Runs until the connection ends (cancellation) or writing fails (the exception).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var batching = BatchLoopAsync(failed.Token);
        var acknowledging = AckLoopAsync(failed.Token);
        try
        {
            await Task.WhenAny(batching, acknowledging).ConfigureAwait(false);
        }
        finally
        {
            // Either loop ending ends both: the other may be waiting for work that will never come.
            await failed.CancelAsync().ConfigureAwait(false);
            _received.Writer.TryComplete();
        }
        await Task.WhenAll(Observe(batching), Observe(acknowledging)).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private static async Task Observe(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task BatchLoopAsync(CancellationToken cancellationToken)
    {
        var reader = _received.Reader;
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var messages = new List<ReceivedMessage>();
            var records = new List<ReadOnlyMemory<byte>>();
            while (messages.Count < _maxMessagesPerAppend && reader.TryRead(out var message))
            {
                messages.Add(message);
                records.AddRange(message.Records);
            }
            var durable = MakeDurableAsync(messages, records, cancellationToken);
            await _pending.Writer.WriteAsync(new PendingAppend(messages, durable), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task MakeDurableAsync(List<ReceivedMessage> messages, List<ReadOnlyMemory<byte>> records, CancellationToken cancellationToken)
    {
        var append = records.Count > 0 ? _sink.AppendAsync(records, cancellationToken).AsTask() : Task.CompletedTask;
        try
        {
            foreach (var message in messages)
            {
                if (!message.Result.Succeeded)
                {
                    await DeadLetterAsync(message, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            await append.ConfigureAwait(false);
        }
    }

    private async Task DeadLetterAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        var error = message.Result.Error;
        var reason = error.Reason();
        var detail = message.Result.Detail ?? reason;
        await _deadLetters.WriteAsync(new DeadLetter(_source, reason, message.Topic, message.FailedPayload, detail), cancellationToken)
            .ConfigureAwait(false);
        _ledger.Record(_source, error.LedgerReason(), 1, message.ReceiveTimeNs, message.ReceiveTimeNs, $"{reason} on {message.Topic}: {detail}");
        var tags = _tags;
        tags.Add("reason", reason);
        MqttMetrics.DeadLetters.Add(1, tags);
    }

    private async Task AckLoopAsync(CancellationToken cancellationToken)
    {
        var reader = _pending.Reader;
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (reader.TryRead(out var pending))
            {
                // In creation order, whatever order the appends complete in.
                await pending.Durable.WaitAsync(cancellationToken).ConfigureAwait(false);
                foreach (var message in pending.Messages)
                {
                    await message.Acknowledge(cancellationToken).ConfigureAwait(false);
                    _slots.Release();
                }
                MqttMetrics.MessagesAcknowledged.Add(pending.Messages.Count, _tags);
            }
        }
    }

    private sealed record PendingAppend(List<ReceivedMessage> Messages, Task Durable);
}
