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
    private readonly SimulatedLine _line;
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
        _line = options.ResolveLine();
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _metrics = metrics;
        Settings = MqttPublisherSettings.From(options, _line);
    }

    /// <summary>Raised on the publishing loop for each message the broker acknowledged; keep handlers short.</summary>
    public event Action<SimulatedMessage>? MessageAcknowledged;

    public MqttPublisherSettings Settings { get; }

    /// <summary>What runs: the built-in scenario with the options' machines, or the scenario file's line.</summary>
    public SimulatedLine Line => _line;

    public long AcknowledgedCount => Interlocked.Read(ref _acknowledged);

    /// <summary>Runs until Ticks ticks are published and acknowledged (or forever when Ticks is 0) or until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var source = new TelemetryMessageSource(_line, _options, _time);
        var mode = _options.Fast
            ? (_options.MessagesPerSecond > 0 ? $"fast, {_options.MessagesPerSecond} msg/s" : "fast") + ", virtual clock"
            : _options.VirtualClock ? "real time, virtual clock" : "real time";
        Log.Starting(_logger, _line.Model.Machines, _line.Model.Scenario.Name, _line.Model.Seed, _line.Model.TickInterval, mode,
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
        var producer = ProduceAsync(source, publisher, queue.Writer, stop.Token);
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

    private async Task ProduceAsync(TelemetryMessageSource source, AcknowledgingPublisher publisher, ChannelWriter<SimulatedMessage> queue,
        CancellationToken cancellationToken)
    {
        Exception? failure = null;
        // The scenario's faults run on model time, so a fast (virtual-clock) run hits them at the same tick as a real-time one.
        var faults = new Queue<FaultStep>(_line.Faults.OrderBy(f => f.At));
        try
        {
            var messages = new List<SimulatedMessage>(source.MessagesPerTick);
            using var timer = _options.Fast ? null : new PeriodicTimer(_line.Model.TickInterval, _time);
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
                while (faults.Count > 0 && faults.Peek().At <= source.NextTickTime)
                {
                    Inject(faults.Dequeue(), source, publisher);
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

    /// <summary>
    /// A scenario fault as it makes sense over MQTT: DropConnections and Restart cut the broker connection (the
    /// publisher reconnects and re-sends), PausePublish stalls sending, Freeze/Clear hold a JSON field. BadQuality
    /// has no place in the JSON payload (no quality field) and is skipped with a warning.
    /// </summary>
    private void Inject(FaultStep fault, TelemetryMessageSource source, AcknowledgingPublisher publisher)
    {
        Log.FaultInjected(_logger, fault.Action.ToString(), fault.Machine, fault.Signal, fault.Duration);
        try
        {
            switch (fault.Action)
            {
                case FaultAction.DropConnections:
                case FaultAction.Restart:
                    publisher.DropConnection();
                    break;
                case FaultAction.PausePublish:
                    publisher.Pause(fault.Duration ?? TimeSpan.FromSeconds(10));
                    break;
                case FaultAction.Freeze:
                    source.Freeze(fault.Machine, fault.Signal!, fault.Duration);
                    break;
                case FaultAction.Clear:
                    source.Clear(fault.Machine, fault.Signal!);
                    break;
                default:
                    Log.FaultSkipped(_logger, fault.Action.ToString(), "the MQTT JSON payload carries no quality");
                    break;
            }
        }
        catch (ArgumentException e)
        {
            Log.FaultSkipped(_logger, fault.Action.ToString(), e.Message);
        }
    }
}
