using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Formatter;

namespace IIoT.Simulators.Mqtt;

/// <summary>
/// Publishes messages from a channel and reports each one only once the broker acknowledged it (PUBACK for QoS 1).
/// Up to MaxInFlight publishes are pipelined: they are started in order on one loop (MQTTnet writes packets in
/// call order), and completed in order, so a subscriber sees each machine's sequence in order. When the connection
/// fails, every unacknowledged message is re-sent after the reconnect, oldest first: nothing is lost, duplicates
/// are possible (at-least-once).
/// </summary>
internal sealed class AcknowledgingPublisher
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    private readonly MqttPublisherSettings _settings;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Action<SimulatedMessage> _acknowledged;
    private readonly MqttClientFactory _factory = new();
    private readonly string _target;
    private readonly SimulatorMetrics? _metrics;
    private bool _sourceDone;
    private int _dropRequested;
    private long _pausedUntilTimestamp;

    public AcknowledgingPublisher(MqttPublisherSettings settings, ILogger logger, TimeProvider time, Action<SimulatedMessage> acknowledged,
        SimulatorMetrics? metrics = null)
    {
        _metrics = metrics;
        _settings = settings;
        _logger = logger;
        _time = time;
        _acknowledged = acknowledged;
        _target = settings.ToString();
    }

    /// <summary>Runs until the source is completed and drained (every message acknowledged) or cancelled.</summary>
    public async Task RunAsync(ChannelReader<SimulatedMessage> source, CancellationToken cancellationToken)
    {
        var resend = new Queue<SimulatedMessage>();
        var window = new Queue<InFlight>();
        IMqttClient? client = null;
        try
        {
            while (true)
            {
                client = await ConnectAsync(cancellationToken).ConfigureAwait(false);
                var failure = await PumpAsync(client, source, resend, window, cancellationToken)
                    .ConfigureAwait(false);
                if (failure is null)
                {
                    await DisconnectAsync(client).ConfigureAwait(false);
                    return;
                }

                // Drop the connection first so every pending publish fails fast instead of waiting for its timeout.
                client.Dispose();
                client = null;
                var unacknowledged = await DrainAsync(window, cancellationToken).ConfigureAwait(false);
                Log.PublishFailed(_logger, failure, unacknowledged.Count + resend.Count);
                _metrics?.Resent.Add(unacknowledged.Count);
                foreach (var message in resend)
                {
                    unacknowledged.Add(message);
                }
                resend = new Queue<SimulatedMessage>(unacknowledged);
            }
        }
        finally
        {
            client?.Dispose();
        }
    }

    /// <summary>Sends and completes publishes while connected; returns null once everything is acknowledged, else the failure.</summary>
    private async Task<Exception?> PumpAsync(IMqttClient client, ChannelReader<SimulatedMessage> source, Queue<SimulatedMessage> resend,
        Queue<InFlight> window, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (Interlocked.Exchange(ref _dropRequested, 0) == 1)
            {
                return new IOException("Connection dropped by fault injection.");
            }

            if (window.Count >= _settings.MaxInFlight)
            {
                if (await CompleteOldestAsync(window, cancellationToken).ConfigureAwait(false) is { } failure)
                {
                    return failure;
                }
                continue;
            }

            if (await WhilePausedAsync(window, cancellationToken).ConfigureAwait(false) is { } pausedFailure)
            {
                return pausedFailure;
            }

            SimulatedMessage? next = null;
            if (resend.Count > 0)
            {
                next = resend.Dequeue();
            }
            else if (!_sourceDone && source.TryRead(out var read))
            {
                next = read;
            }

            if (next is not null)
            {
                window.Enqueue(new InFlight(next, StartPublish(client, next, cancellationToken)));
                continue;
            }

            // Nothing to send right now: finish the oldest publish, or wait for the model.
            if (window.Count > 0)
            {
                if (await CompleteOldestAsync(window, cancellationToken).ConfigureAwait(false) is { } failure)
                {
                    return failure;
                }
            }
            else if (_sourceDone)
            {
                return null;
            }
            else if (!await source.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                _sourceDone = true;
            }
        }
    }

    /// <summary>
    /// Fault injection: the publishing loop closes its connection at its next step (once connected) as a network
    /// failure would, without a DISCONNECT packet, then reconnects and re-sends everything unacknowledged, exactly as
    /// after a real failure. Safe from any thread.
    /// </summary>
    public void DropConnection() => Interlocked.Exchange(ref _dropRequested, 1);

    /// <summary>Fault injection: sends nothing new for this long (a stalled link); messages wait in the queue, none is lost.</summary>
    public void Pause(TimeSpan duration) =>
        Interlocked.Exchange(ref _pausedUntilTimestamp, _time.GetTimestamp() + (long)(duration.TotalSeconds * _time.TimestampFrequency));

    /// <summary>While paused: finishes what is in flight, then waits out the pause. Returns a publish failure, if any.</summary>
    private async Task<Exception?> WhilePausedAsync(Queue<InFlight> window, CancellationToken cancellationToken)
    {
        while (true)
        {
            var left = Interlocked.Read(ref _pausedUntilTimestamp) - _time.GetTimestamp();
            if (left <= 0) return null;
            if (window.Count > 0)
            {
                if (await CompleteOldestAsync(window, cancellationToken).ConfigureAwait(false) is { } failure) return failure;
                continue;
            }

            await Task.Delay(TimeSpan.FromSeconds((double)left / _time.TimestampFrequency), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<Exception?> CompleteOldestAsync(Queue<InFlight> window, CancellationToken cancellationToken)
    {
        var oldest = window.Peek();
        MqttClientPublishResult result;
        try
        {
            result = await oldest.Publish.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // MQTTnet reports a cancelled wait as a timeout: cancellation must stay cancellation.
            cancellationToken.ThrowIfCancellationRequested();
            return e;
        }
        if (!IsAccepted(result))
        {
            // Quota or implementation errors can be transient; the message is kept and retried after a back-off.
            Log.PublishRefused(_logger, oldest.Message.Topic, oldest.Message.Sequence, result.ReasonCode.ToString(), result.ReasonString);
            return new InvalidOperationException($"Broker refused a publish: {result.ReasonCode}");
        }
        window.Dequeue();
        _acknowledged(oldest.Message);
        return null;
    }

    /// <summary>After a failure: reports what was acknowledged anyway and returns the rest, in order.</summary>
    private async Task<List<SimulatedMessage>> DrainAsync(Queue<InFlight> window, CancellationToken cancellationToken)
    {
        var unacknowledged = new List<SimulatedMessage>(window.Count);
        while (window.TryDequeue(out var entry))
        {
            try
            {
                var result = await entry.Publish.ConfigureAwait(false);
                if (IsAccepted(result))
                {
                    _acknowledged(entry.Message);
                    continue;
                }
            }
            catch (Exception)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            unacknowledged.Add(entry.Message);
        }
        return unacknowledged;
    }

    /// <summary>
    /// MQTTnet throws "not connected" synchronously, before its first await; as a faulted task it takes the same
    /// path as every other failure (the message stays in the window and is re-sent after the reconnect).
    /// </summary>
    private Task<MqttClientPublishResult> StartPublish(IMqttClient client, SimulatedMessage message, CancellationToken cancellationToken)
    {
        try
        {
            return client.PublishAsync(ToApplicationMessage(message), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Task.FromException<MqttClientPublishResult>(e);
        }
    }

    // MQTT 5 §2.4: reason codes below 0x80 are successes (0x10 "no matching subscribers" included).
    private static bool IsAccepted(MqttClientPublishResult result) => (int)result.ReasonCode < 0x80;

    private MqttApplicationMessage ToApplicationMessage(SimulatedMessage message) =>
        new MqttApplicationMessageBuilder()
            .WithTopic(message.Topic)
            .WithPayload(message.Payload)
            .WithQualityOfServiceLevel(_settings.Qos)
            .Build();

    private async Task<IMqttClient> ConnectAsync(CancellationToken cancellationToken)
    {
        var options = BuildClientOptions();
        var backoff = FirstBackoff;
        while (true)
        {
            var client = _factory.CreateMqttClient();
            try
            {
                await client.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
                Log.Connected(_logger, _target);
                _metrics?.Connects.Add(1);
                return client;
            }
            catch (Exception e)
            {
                client.Dispose();
                cancellationToken.ThrowIfCancellationRequested();
                Log.ConnectFailed(_logger, e, _target, backoff);
            }
            await Task.Delay(backoff, _time, cancellationToken).ConfigureAwait(false);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }
    }

    private static async Task DisconnectAsync(IMqttClient client)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await client.DisconnectAsync(new MqttClientDisconnectOptions(), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Everything was acknowledged already; a failed goodbye loses nothing.
        }
    }

    private MqttClientOptions BuildClientOptions()
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_settings.Host, _settings.Port)
            .WithClientId(_settings.ClientId)
            .WithProtocolVersion(_settings.Protocol == Hosting.MqttProtocol.V311 ? MqttProtocolVersion.V311 : MqttProtocolVersion.V500)
            .WithCleanSession(true)
            .WithKeepAlivePeriod(_settings.KeepAlive)
            .WithTimeout(_settings.Timeout);
        if (_settings.UserName is not null)
        {
            builder = builder.WithCredentials(_settings.UserName, _settings.Password);
        }
        if (_settings.Tls)
        {
            builder = builder.WithTlsOptions(tls =>
            {
                tls.UseTls();
                if (_settings.AllowUntrustedCertificates)
                {
                    tls.WithCertificateValidationHandler(_ => true);
                }
            });
        }
        return builder.Build();
    }

    private readonly record struct InFlight(SimulatedMessage Message, Task<MqttClientPublishResult> Publish);
}
