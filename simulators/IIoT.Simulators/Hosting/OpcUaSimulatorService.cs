using IIoT.Simulators.Model;
using IIoT.Simulators.Mqtt;
using IIoT.Simulators.OpcUa;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IIoT.Simulators.Hosting;

/// <summary>Serves the line over OPC UA until stopped, with the scheduled faults and the control channel(s).</summary>
internal sealed class OpcUaSimulatorService(
    IOptions<SimulatorOptions> options,
    ILoggerFactory loggers,
    TimeProvider time,
    IHostApplicationLifetime lifetime) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<OpcUaSimulatorService>();

    /// <summary>The running host (tests use it to reach the servers).</summary>
    public OpcUaLineHost? Host { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var truthTask = Task.CompletedTask;
        TruthFileWriter? truthWriter = null;
        try
        {
            var o = options.Value;
            var line = o.ResolveLine();
            var schedule = line.Faults.Concat(ParseSchedule(o.OpcUa.Faults)).ToArray();
            var truth = o.TruthFile is { Length: > 0 } path ? new TruthFileWriter(path) : null;
            // Not the stopping token: on stop the writer drains what it was given, then ends (Complete below).
            truthTask = truth?.RunAsync(CancellationToken.None) ?? Task.CompletedTask;
            truthWriter = truth;
            await using var host = new OpcUaLineHost(line, o.OpcUa, loggers, time) { Truth = truth is null ? null : truth.Add, TopicPrefix = o.TopicPrefix };
            await host.StartAsync(stoppingToken).ConfigureAwait(false);
            Host = host;
            OpcUaLog.Serving(_logger, line.Model.Machines, line.Model.Scenario.Name, line.Model.TickInterval, line.ChangingVariables);
            var tasks = new List<Task> { host.RunAsync(schedule, stoppingToken) };
            if (!string.IsNullOrEmpty(o.OpcUa.ControlFile))
            {
                tasks.Add(ControlChannel.FollowFileAsync(o.OpcUa.ControlFile, c => ExecuteAsync(host, c, stoppingToken), time, stoppingToken));
            }

            if (o.OpcUa.ControlStdin)
            {
                tasks.Add(ControlChannel.FollowReaderAsync(Console.In, c => ExecuteAsync(host, c, stoppingToken), stoppingToken));
            }

            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            Log.Failed(_logger, e);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
        finally
        {
            truthWriter?.Complete();
            await truthTask.ConfigureAwait(false);
        }
    }

    private async Task ExecuteAsync(OpcUaLineHost host, string command, CancellationToken ct)
    {
        try
        {
            await host.ExecuteAsync(FaultCommandParser.Parse(command), ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            OpcUaLog.CommandRejected(_logger, command, e.Message);
        }
    }

    private static IEnumerable<FaultStep> ParseSchedule(string? faults) =>
        string.IsNullOrWhiteSpace(faults) ? [] : faults.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(FaultCommandParser.Parse);
}
