using System.Threading.Channels;
using IIoT.Simulators.Hosting;
using IIoT.Simulators.Model;
using Microsoft.Extensions.Logging;

namespace IIoT.Simulators.Mqtt;

/// <summary>
/// The MQTT front end of one simulated line: a producer loop advances the <see cref="ProductionLine"/> and encodes
/// one message per machine per tick into a bounded channel; the <see cref="AcknowledgingPublisher"/> drains it.
/// </summary>
internal sealed class LineSimulator
{
    private readonly SimulatorOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SimulatorMetrics? _metrics;
    private long _acknowledged;

    public LineSimulator(SimulatorOptions options, ILogger logger, TimeProvider? time = null, SimulatorMetrics? metrics = null)
    {
        var failures = SimulatorOptionsValidator.Check(options);
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", failures), nameof(options));
        }
        _options = options;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _metrics = metrics;
        Settings = MqttPublisherSettings.From(options);
    }

    /// <summary>Raised on the publishing loop for each message the broker acknowledged; keep handlers short.</summary>
    public event Action<SimulatedMessage>? MessageAcknowledged;

    public MqttPublisherSettings Settings { get; }

    public long AcknowledgedCount => Interlocked.Read(ref _acknowledged);

    /// <summary>Runs until Ticks ticks are published and acknowledged (or forever when Ticks is 0) or until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var source = new TelemetryMessageSource(_options, _time);
        var mode = _options.Fast
            ? (_options.MessagesPerSecond > 0 ? $"fast, {_options.MessagesPerSecond} msg/s" : "fast") + ", virtual clock"
            : _options.VirtualClock ? "real time, virtual clock" : "real time";
        Log.Starting(_logger, _options.Machines, source.Line.Options.Scenario.Name, _options.Seed, _options.PublishInterval, mode,
            Settings.ToString(), TelemetryTopics.AllUnder(_options.TopicPrefix));

        var queue = Channel.CreateBounded<SimulatedMessage>(new BoundedChannelOptions(_options.QueueCapacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var truth = _options.TruthFile is { Length: > 0 } path ? new TruthFileWriter(path) : null;
        var publisher = new AcknowledgingPublisher(Settings, _logger, _time, message =>
        {
            Interlocked.Increment(ref _acknowledged);
            _metrics?.Acknowledged.Add(1);
            truth?.Add(message);
            MessageAcknowledged?.Invoke(message);
        }, _metrics);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var truthTask = truth?.RunAsync(stop.Token) ?? Task.CompletedTask;
        var producer = ProduceAsync(source, queue.Writer, stop.Token);
        var sender = publisher.RunAsync(queue.Reader, stop.Token);
        try
        {
            await Task.WhenAny(producer, sender).ConfigureAwait(false);
            if (producer.IsFaulted || sender.IsFaulted)
            {
                // One loop died: the other would wait forever on a full or empty queue.
                await stop.CancelAsync().ConfigureAwait(false);
            }
            await Task.WhenAll(producer, sender).ConfigureAwait(false);
        }
        finally
        {
            truth?.Complete();
            try
            {
                await truthTask.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        }
        Log.Finished(_logger, AcknowledgedCount);
    }

    private async Task ProduceAsync(TelemetryMessageSource source, ChannelWriter<SimulatedMessage> queue, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            var messages = new List<SimulatedMessage>(source.MessagesPerTick);
            using var timer = _options.Fast ? null : new PeriodicTimer(_options.PublishInterval, _time);
            var started = _time.GetTimestamp();
            long produced = 0;

            for (long tick = 0; _options.Ticks == 0 || tick < _options.Ticks; tick++)
            {
                if (timer is not null && tick > 0)
                {
                    await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false);
                }
                else if (_options.MessagesPerSecond > 0)
                {
                    var wait = TimeSpan.FromSeconds(produced / _options.MessagesPerSecond) - _time.GetElapsedTime(started);
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
                    }
                }
                messages.Clear();
                source.NextTick(messages);
                foreach (var message in messages)
                {
                    await queue.WriteAsync(message, cancellationToken).ConfigureAwait(false);
                }
                produced += messages.Count;
                _metrics?.Generated.Add(messages.Count);
            }
        }
        catch (Exception e)
        {
            failure = e is OperationCanceledException ? null : e;
            throw;
        }
        finally
        {
            queue.TryComplete(failure);
        }
    }
}
