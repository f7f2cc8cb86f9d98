using System.Net;
using IIoT.OpcUa.Server;
using IIoT.OpcUa.Types;
using IIoT.Simulators.Hosting;
using IIoT.Simulators.Model;
using IIoT.Simulators.Mqtt;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IIoT.Simulators.OpcUa;

/// <summary>
/// Serves a <see cref="ProductionLine"/> over OPC UA: one server for the line or one per machine, values written
/// every tick, and the fault injections (drop connections, pause Publish, restart, bad quality, freeze).
/// </summary>
internal sealed class OpcUaLineHost : IAsyncDisposable
{
    private readonly SimulatedLine _line;
    private readonly OpcUaSimulatorOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ProductionLine _model;
    private readonly MachineSample[] _samples;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly int[][] _machinesPerServer;
    private readonly int[] _ports;
    private OpcUaServer[] _servers = [];
    private MachineNodes[] _nodes = [];
    private TelemetryEncoder? _truthEncoder;

    public OpcUaLineHost(SimulatedLine line, OpcUaSimulatorOptions options, ILoggerFactory? loggers = null, TimeProvider? time = null)
    {
        _line = line;
        _options = options;
        _loggers = loggers ?? NullLoggerFactory.Instance;
        _logger = _loggers.CreateLogger<OpcUaLineHost>();
        _time = time ?? TimeProvider.System;
        _model = new ProductionLine(line.Model);
        _samples = new MachineSample[line.Model.Machines];
        Overrides = new SignalOverrides(_time);
        var machines = Enumerable.Range(0, line.Model.Machines).ToArray();
        _machinesPerServer = options.EndpointPerMachine ? [.. machines.Select(i => new[] { i })] : [machines];
        _ports = [.. _machinesPerServer.Select((_, i) => options.Port == 0 ? 0 : options.Port + i)];
    }

    public SimulatedLine Line => _line;

    public SignalOverrides Overrides { get; }

    /// <summary>
    /// Receives every tick's values of every machine as the MQTT front end would publish them (topic under
    /// <see cref="TopicPrefix"/>, JSON payload, ts = the values' source timestamp): the truth file of an OPC UA run.
    /// Model values: injected bad quality or freezes are not applied.
    /// </summary>
    public Action<SimulatedMessage>? Truth { get; init; }

    public string TopicPrefix { get; init; } = "factory";

    /// <summary>The running servers (one, or one per machine); replaced by <see cref="RestartAsync"/>.</summary>
    public IReadOnlyList<OpcUaServer> Servers => Volatile.Read(ref _servers);

    /// <summary>Ticks written so far.</summary>
    public long Tick => _model.Tick;

    public int VariableCount => Volatile.Read(ref _nodes).Sum(n => n.VariableCount);

    public async Task StartAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await StartServersAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Advances the model one tick and writes every machine's values (source timestamp = now).</summary>
    public async Task StepAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var tick = _model.Tick;
            _model.Step(_samples);
            // Whole milliseconds, so the truth file's ts (unix ms) is exactly the values' source timestamp.
            var nowMs = _time.GetUtcNow().ToUnixTimeMilliseconds();
            var now = UaDateTime.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(nowMs).UtcDateTime);
            var modelSeconds = tick * _line.Model.TickInterval.TotalSeconds;
            // With one server per machine, _nodes is in machine order too (each server holds one machine).
            foreach (var nodes in _nodes)
            {
                var index = MachineIndex(nodes.Name);
                nodes.Update(_samples[index], tick, modelSeconds, now, Overrides);
            }

            if (Truth is { } truth)
            {
                _truthEncoder ??= new TelemetryEncoder(_line, TopicPrefix);
                foreach (var sample in _samples)
                {
                    truth(_truthEncoder.Encode(tick, modelSeconds, nowMs, sample));
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Ticks at the line's tick interval until cancelled; runs the scenario's scheduled faults on the way.</summary>
    public async Task RunAsync(IReadOnlyList<FaultStep> schedule, CancellationToken ct)
    {
        var pending = new Queue<FaultStep>(schedule.OrderBy(f => f.At));
        var started = _time.GetTimestamp();
        using var timer = new PeriodicTimer(_line.Model.TickInterval, _time);
        do
        {
            await StepAsync(ct).ConfigureAwait(false);
            while (pending.Count > 0 && _time.GetElapsedTime(started) >= pending.Peek().At)
            {
                await ExecuteAsync(pending.Dequeue(), ct).ConfigureAwait(false);
            }
        }
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false));
    }

    public async Task ExecuteAsync(FaultStep fault, CancellationToken ct = default)
    {
        OpcUaLog.FaultInjected(_logger, fault.Action.ToString(), fault.Machine, fault.Signal, fault.Duration, fault.Status);
        switch (fault.Action)
        {
            case FaultAction.DropConnections:
                await DropConnectionsAsync().ConfigureAwait(false);
                break;
            case FaultAction.PausePublish:
                PausePublish(fault.Duration ?? TimeSpan.FromSeconds(10));
                break;
            case FaultAction.Restart:
                await RestartAsync(ct).ConfigureAwait(false);
                break;
            case FaultAction.BadQuality:
                Override(fault, frozen: false, FaultCommandParser.ParseStatus(fault.Status ?? "Bad"));
                break;
            case FaultAction.Freeze:
                Override(fault, frozen: true, StatusCode.Good);
                break;
            case FaultAction.Clear:
                foreach (var id in Targets(fault)) Overrides.Clear(id);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(fault), fault.Action, null);
        }
    }

    public async Task<int> DropConnectionsAsync()
    {
        var dropped = 0;
        foreach (var server in Servers)
        {
            dropped += await server.DropAllConnectionsAsync().ConfigureAwait(false);
        }

        return dropped;
    }

    public void PausePublish(TimeSpan duration)
    {
        foreach (var server in Servers)
        {
            server.PausePublish(duration);
        }
    }

    /// <summary>Stops the servers (every session and subscription is gone) and starts new ones on the same ports; the model keeps its state.</summary>
    public async Task RestartAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await StopServersAsync().ConfigureAwait(false);
            await StartServersAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await StopServersAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Override(FaultStep fault, bool frozen, StatusCode status)
    {
        var until = fault.Duration is { } d ? _time.GetUtcNow().UtcTicks + d.Ticks : long.MaxValue;
        foreach (var id in Targets(fault))
        {
            Overrides.Set(id, new SignalOverride(frozen, status, until));
        }
    }

    private IEnumerable<NodeId> Targets(FaultStep fault)
    {
        var signal = fault.Signal ?? throw new ArgumentException($"{fault.Action} needs a signal.");
        var machines = fault.Machine is null or "*"
            ? Enumerable.Range(0, _line.Model.Machines).Select(ProductionLine.MachineName)
            : [fault.Machine];
        var found = false;
        foreach (var nodes in Volatile.Read(ref _nodes))
        {
            if (machines.Contains(nodes.Name) && nodes.Signals.TryGetValue(signal, out var node))
            {
                found = true;
                yield return node.NodeId;
            }
        }

        if (!found)
        {
            throw new ArgumentException($"No signal '{signal}' on machine '{fault.Machine ?? "*"}'.");
        }
    }

    private async Task StartServersAsync(CancellationToken ct)
    {
        var servers = new OpcUaServer[_machinesPerServer.Length];
        var nodes = new List<MachineNodes>(_line.Model.Machines);
        var bind = string.IsNullOrEmpty(_options.BindAddress) ? IPAddress.Any : IPAddress.Parse(_options.BindAddress);
        for (var i = 0; i < servers.Length; i++)
        {
            var (space, machines) = LineAddressSpace.Build(_line, _machinesPerServer[i]);
            nodes.AddRange(machines);
            servers[i] = await OpcUaServer.StartAsync(new OpcUaServerOptions
            {
                Port = _ports[i],
                BindAddress = bind,
                HostName = _options.HostName,
                // Not the namespace URI itself: the server URI is namespace 1 and must not shadow the line namespace.
                ApplicationUri = _options.EndpointPerMachine ? $"{_line.NamespaceUri}:server:{machines[0].Name}" : $"{_line.NamespaceUri}:server",
                ApplicationName = _options.EndpointPerMachine ? $"IIoT simulator {_line.Line} {machines[0].Name}" : $"IIoT simulator {_line.Line}",
                Users = _options.Users,
                AllowAnonymous = _options.AllowAnonymous,
            }, space, _loggers, ct).ConfigureAwait(false);
            // Port 0 at first start: keep the chosen port so a restart comes back on it.
            _ports[i] = servers[i].Port;
        }

        Volatile.Write(ref _nodes, [.. nodes]);
        Volatile.Write(ref _servers, servers);
        OpcUaLog.OpcUaListening(_logger, string.Join(", ", servers.Select(s => s.EndpointUrl)), _line.NamespaceUri, nodes.Sum(n => n.VariableCount));
    }

    private async Task StopServersAsync()
    {
        foreach (var server in Interlocked.Exchange(ref _servers, []))
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static int MachineIndex(string name) => int.Parse(name.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture) - 1;
}
