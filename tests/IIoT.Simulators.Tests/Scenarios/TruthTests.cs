using System.Collections.Concurrent;
using System.Text.Json;
using IIoT.OpcUa.Client;
using IIoT.Simulators.Hosting;
using IIoT.Simulators.Model;
using IIoT.Simulators.Mqtt;
using IIoT.Simulators.OpcUa;
using IIoT.Simulators.Tests.OpcUa;
using IIoT.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IIoT.Simulators.Tests.Scenarios;

/// <summary>The truth output is the same for both transports: an OPC UA run writes what an MQTT run would have published.</summary>
public sealed class TruthTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task OPC_UA_truth_has_the_MQTT_payloads_with_ts_the_source_timestamp_of_the_served_values()
    {
        const int ticks = 3;
        var options = new SimulatorOptions { Scenario = "Scenarios/mixed-line.json", OpcUa = new OpcUaSimulatorOptions { Enabled = true } };
        var truth = new ConcurrentQueue<SimulatedMessage>();
        await using var host = new OpcUaLineHost(options.ResolveLine(),
            new OpcUaSimulatorOptions { Enabled = true, Port = 0, BindAddress = "127.0.0.1", HostName = "127.0.0.1" }) { Truth = truth.Enqueue };
        await host.StartAsync().WaitAsync(Timeout);
        for (var t = 0; t < ticks; t++)
        {
            await host.StepAsync().WaitAsync(Timeout);
        }

        var mqtt = new List<SimulatedMessage>();
        var source = new TelemetryMessageSource(new SimulatorOptions { Scenario = "Scenarios/mixed-line.json", Fast = true }, TimeProvider.System);
        for (var t = 0; t < ticks; t++) source.NextTick(mqtt);
        Assert.Equal(mqtt.Select(m => (m.Topic, m.Sequence, WithoutTs(m.Payload))), truth.Select(m => (m.Topic, m.Sequence, WithoutTs(m.Payload))));

        await using var session = await UaSession.ConnectAsync(SimLine.Client($"opc.tcp://127.0.0.1:{host.Servers[0].Port}")).WaitAsync(Timeout);
        var ns = (ushort)session.NamespaceUris.ToList().IndexOf(host.Line.NamespaceUri);
        var served = await session.ReadAsync(new IIoT.OpcUa.Types.NodeId(LineAddressSpace.SignalId(host.Line, "m04", "temperature"), ns)).WaitAsync(Timeout);
        var last = truth.Single(m => m.MachineIndex == 3 && m.Sequence == ticks);
        using var json = JsonDocument.Parse(last.Payload);
        Assert.Equal(new DateTimeOffset(served.SourceTimestamp.ToDateTime()).ToUnixTimeMilliseconds(), json.RootElement.GetProperty("ts").GetInt64());
        Assert.Equal(served.Value.Value, json.RootElement.GetProperty("temperature_c").GetDouble());
    }

    [Fact]
    public async Task The_OPC_UA_app_writes_the_truth_file_option_too()
    {
        using var folder = new TempFolder("sim-opcua-truth");
        var path = folder.Combine("truth.jsonl");
        var builder = Host.CreateApplicationBuilder([
            "--Simulator:OpcUa:Enabled=true", "--Simulator:OpcUa:Port=0", "--Simulator:OpcUa:BindAddress=127.0.0.1",
            "--Simulator:Machines=2", "--Simulator:PublishInterval=00:00:00.050", $"--Simulator:TruthFile={path}",
        ]);
        builder.Logging.ClearProviders();
        builder.AddSimulator();
        using var app = builder.Build();
        await app.StartAsync().WaitAsync(Timeout);
        var service = app.Services.GetRequiredService<OpcUaSimulatorService>();
        await Wait.UntilAsync(() => service.Host is { Tick: >= 4 }, Timeout, "four ticks");
        await app.StopAsync().WaitAsync(Timeout);

        var lines = await File.ReadAllLinesAsync(path);
        Assert.True(lines.Length >= 8, $"{lines.Length} lines");
        using var first = JsonDocument.Parse(lines[1]);
        Assert.Equal("factory/plant1/assembly/line1/m02/telemetry", first.RootElement.GetProperty("topic").GetString());
        Assert.Equal(1, first.RootElement.GetProperty("payload").GetProperty("seq").GetInt64());
    }

    private static string WithoutTs(byte[] payload)
    {
        using var json = JsonDocument.Parse(payload);
        return string.Join(",", json.RootElement.EnumerateObject().Where(p => p.Name != "ts").Select(p => p.ToString()));
    }
}
