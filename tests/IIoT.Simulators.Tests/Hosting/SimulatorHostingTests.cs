using System.Text.Json;
using IIoT.Simulators.Hosting;
using IIoT.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IIoT.Simulators.Tests.Hosting;

public sealed class SimulatorHostingTests
{
    private static IHost Build(params string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Logging.ClearProviders();
        builder.AddSimulator();
        return builder.Build();
    }

    [Fact]
    public async Task Command_line_options_drive_a_run_with_the_embedded_broker_that_stops_after_the_tick_limit()
    {
        using var folder = new TempFolder("sim-host");
        var truth = folder.Combine("truth.jsonl");
        using var host = Build(
            "--Simulator:Machines=3", "--Simulator:Seed=7", "--Simulator:Ticks=4", "--Simulator:Fast=true",
            "--Simulator:Site=plantX", "--Simulator:Line=line9", "--Simulator:PublishInterval=00:00:05",
            $"--Simulator:EmbeddedBroker:Port={FreePort.Next()}", $"--Simulator:TruthFile={truth}");

        // RunAsync returns only because the simulator stops the app once every message is acknowledged.
        await host.RunAsync().WaitAsync(TimeSpan.FromSeconds(30));

        var lines = await File.ReadAllLinesAsync(truth);
        Assert.Equal(12, lines.Length);
        using var last = JsonDocument.Parse(lines[^1]);
        Assert.Equal("factory/plantX/assembly/line9/m03/telemetry", last.RootElement.GetProperty("topic").GetString());
        var payload = last.RootElement.GetProperty("payload");
        Assert.Equal(4, payload.GetProperty("seq").GetInt64());
        // Virtual clock: 2026-01-01T00:00:00Z + 3 ticks of 5 s.
        Assert.Equal(1767225615000, payload.GetProperty("ts").GetInt64());
    }

    [Fact]
    public void Protocol_and_broker_settings_bind_from_configuration()
    {
        using var host = Build("--Simulator:Broker:Protocol=V311", "--Simulator:Broker:Host=broker.local", "--Simulator:Broker:Port=8883",
            "--Simulator:Broker:Tls=true", "--Simulator:Broker:UserName=sim", "--Simulator:Broker:Password=secret",
            "--Simulator:EmbeddedBroker:Enabled=false", "--Simulator:Qos=0");

        var options = host.Services.GetRequiredService<IOptions<SimulatorOptions>>().Value;
        var settings = IIoT.Simulators.Mqtt.MqttPublisherSettings.From(options);

        Assert.Equal(MqttProtocol.V311, settings.Protocol);
        Assert.Equal(("broker.local", 8883, true, "sim"), (settings.Host, settings.Port, settings.Tls, settings.UserName));
        Assert.Equal(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtMostOnce, settings.Qos);
        Assert.DoesNotContain("secret", settings.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_options_stop_the_start_and_name_every_problem()
    {
        using var host = Build("--Simulator:Machines=0", "--Simulator:Qos=2", "--Simulator:Site=a/b", "--Simulator:Scenario=nope",
            "--Simulator:MessagesPerSecond=100");

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(5, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.Contains("Machines", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Qos", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Site", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Scenario", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("MessagesPerSecond", StringComparison.Ordinal));
    }
}
