using IIoT.Gateway.Buffering;
using IIoT.Gateway.Collection.Mqtt;
using IIoT.Gateway.DeadLetters;
using IIoT.Gateway.Ledger;
using IIoT.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit;

namespace IIoT.Gateway.Tests.Collection.Mqtt;

/// <summary>AddMqttCollection in a real host: options from configuration, one loop per broker, validation on start.</summary>
public sealed class MqttCollectionHostingTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_host_with_AddMqttCollection_subscribes_from_configuration_and_delivers_points()
    {
        await using var broker = await MosquittoBroker.StartAsync();
        using var folder = new TempFolder("mqtt-host");
        var sink = new RecordingSink();
        using var host = BuildHost(new Dictionary<string, string?>
        {
            ["Mqtt:Brokers:0:Name"] = "hosted",
            ["Mqtt:Brokers:0:Host"] = "127.0.0.1",
            ["Mqtt:Brokers:0:Port"] = broker.Port.ToString(),
            ["Mqtt:Brokers:0:ClientId"] = "gw-hosted",
            ["Mqtt:Brokers:0:Subscriptions:0:Topic"] = "factory/#",
            ["Mqtt:Brokers:0:Subscriptions:0:Qos"] = "1",
            ["Mqtt:Brokers:0:Subscriptions:0:Rule"] = "line-json",
            ["Mqtt:Rules:0:Name"] = "line-json",
            ["Mqtt:Rules:0:Topic"] = "factory/{site}/{area}/{line}/{machine}/telemetry",
            ["Mqtt:Rules:0:Units:temperature_c"] = "degC",
        }, sink, folder.Path);

        await host.StartAsync().WaitAsync(Timeout);
        try
        {
            await using var publisher = await TestPublisher.ConnectAsync(broker.Port);
            // The loop subscribes in the background; publish until the first message gets through.
            await Wait.UntilAsync(async () =>
            {
                await publisher.PublishAsync("factory/p1/a1/l1/m1/telemetry", TestPublisher.Telemetry(1));
                return sink.Points.Count > 0;
            }, Timeout, "points from the hosted loop");
        }
        finally
        {
            await host.StopAsync().WaitAsync(Timeout);
        }

        var point = sink.Points.First(p => p.Signal == "temperature_c");
        Assert.Equal("mqtt:hosted", point.Source);
        Assert.Equal("degC", point.Unit);
        Assert.Equal("m1", point.Asset.Machine);
    }

    [Fact]
    public async Task Invalid_options_stop_the_host_from_starting_with_every_problem_listed()
    {
        using var folder = new TempFolder("mqtt-host");
        using var host = BuildHost(new Dictionary<string, string?>
        {
            ["Mqtt:Brokers:0:Name"] = "bad",
            ["Mqtt:Brokers:0:Host"] = "127.0.0.1",
            ["Mqtt:Brokers:0:Port"] = "0",
            ["Mqtt:Brokers:0:ClientId"] = "gw-bad",
            ["Mqtt:Brokers:0:Subscriptions:0:Topic"] = "factory/#",
            ["Mqtt:Brokers:0:Subscriptions:0:Rule"] = "nope",
        }, new RecordingSink(), folder.Path);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().WaitAsync(Timeout));

        Assert.Contains(error.Failures, f => f.Contains("Port"));
        Assert.Contains(error.Failures, f => f.Contains("rule 'nope'"));
    }

    private static IHost BuildHost(Dictionary<string, string?> settings, RecordingSink sink, string deadLetterDirectory)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<IRecordSink>(sink);
        builder.Services.AddSingleton<ILossLedger>(new RecordingLedger());
        builder.Services.AddSingleton(new DeadLetterStore(new DeadLetterOptions { Directory = deadLetterDirectory }, TimeProvider.System,
            NullLogger<DeadLetterStore>.Instance));
        builder.Services.AddMqttCollection(builder.Configuration);
        return builder.Build();
    }
}
