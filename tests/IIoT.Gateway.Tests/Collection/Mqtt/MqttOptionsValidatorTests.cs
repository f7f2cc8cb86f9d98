using IIoT.Gateway.Collection.Mqtt;
using IIoT.Gateway.Tests.Collection.Mqtt.Mapping;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Xunit;

namespace IIoT.Gateway.Tests.Collection.Mqtt;

public sealed class MqttOptionsValidatorTests
{
    [Fact]
    public void A_valid_configuration_passes()
    {
        var result = new MqttOptionsValidator().Validate(null, Valid());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var options = Valid();
        var broker = options.Brokers[0];
        broker.Port = 0;
        broker.ClientId = "";
        broker.SessionExpiry = TimeSpan.Zero;
        broker.Host = "broker.example.com";
        broker.UserName = "gw";
        broker.Password = "secret";
        broker.Subscriptions.Add(new MqttSubscriptionOptions { Topic = "a/#/b", Rule = "missing" });
        options.Brokers.Add(new MqttBrokerOptions { Name = broker.Name, Host = "h", ClientId = "c", Subscriptions = [new() { Topic = "x" }] });
        options.Rules.Add(new MappingRuleOptions { Name = "line-json", Topic = "f/{plant}" });

        var failures = new MqttOptionsValidator().Validate(null, options).Failures!.ToList();

        Assert.Contains(failures, f => f.Contains("Port"));
        Assert.Contains(failures, f => f.Contains("ClientId"));
        Assert.Contains(failures, f => f.Contains("SessionExpiry"));
        Assert.Contains(failures, f => f.Contains("only over TLS"));
        Assert.Contains(failures, f => f.Contains("'a/#/b' is not a valid MQTT topic filter"));
        Assert.Contains(failures, f => f.Contains("rule 'missing'"));
        Assert.Contains(failures, f => f.Contains("broker name 'line1' is used twice"));
        Assert.Contains(failures, f => f.Contains("rule name 'line-json' is used twice"));
        Assert.Contains(failures, f => f.Contains("unknown capture"));
        Assert.True(failures.Count >= 9);
        // The password itself never appears in a message.
        Assert.DoesNotContain(failures, f => f.Contains("secret"));
    }

    [Fact]
    public void V311_needs_no_session_expiry_and_a_missing_CA_file_is_reported()
    {
        var options = Valid();
        options.Brokers[0].Protocol = MqttProtocol.V311;
        options.Brokers[0].SessionExpiry = TimeSpan.Zero;
        options.Brokers[0].Tls = new MqttTlsOptions { Enabled = true, CaFile = "/nonexistent/ca.pem" };

        var failures = new MqttOptionsValidator().Validate(null, options).Failures!.ToList();

        Assert.Equal(["Mqtt:Brokers:0:Tls:CaFile '/nonexistent/ca.pem' does not exist."], failures);
    }

    [Fact]
    public async Task AddMqttCollection_binds_the_section_hosts_one_loop_per_broker_and_fails_start_on_bad_options()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Mqtt:Brokers:0:Name"] = "line1",
            ["Mqtt:Brokers:0:Host"] = "127.0.0.1",
            ["Mqtt:Brokers:0:ClientId"] = "gw-01-line1",
            ["Mqtt:Brokers:0:KeepAlive"] = "00:00:20",
            ["Mqtt:Brokers:0:Subscriptions:0:Topic"] = "factory/#",
            ["Mqtt:Brokers:0:Subscriptions:0:Rule"] = "line-json",
            ["Mqtt:Brokers:1:Name"] = "line2",
            ["Mqtt:Brokers:1:Host"] = "127.0.0.1",
            ["Mqtt:Brokers:1:Protocol"] = "V311",
            ["Mqtt:Brokers:1:ClientId"] = "gw-01-line2",
            ["Mqtt:Brokers:1:Subscriptions:0:Topic"] = "factory/#",
            ["Mqtt:Rules:0:Name"] = "line-json",
            ["Mqtt:Rules:0:Topic"] = "factory/{site}/{area}/{line}/{machine}/telemetry",
            ["Mqtt:Rules:0:TimestampFormat"] = "UnixSeconds",
            ["Mqtt:Rules:0:Units:temperature_c"] = "degC",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddMqttCollection(configuration);
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<MqttOptions>>().Value;

        Assert.Equal(2, provider.GetServices<IHostedService>().OfType<MqttSourceService>().Count());
        Assert.Equal(TimeSpan.FromSeconds(20), options.Brokers[0].KeepAlive);
        Assert.Equal(MqttProtocol.V311, options.Brokers[1].Protocol);
        Assert.Equal(TimestampFormat.UnixSeconds, options.Rules[0].TimestampFormat);
        Assert.Equal("degC", options.Rules[0].Units["temperature_c"]);

        configuration["Mqtt:Brokers:0:Port"] = "70000";
        configuration["Mqtt:Rules:0:Topic"] = "factory/{nope}";
        var bad = new ServiceCollection().AddLogging().AddMqttCollection(configuration);
        await using var badProvider = bad.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => badProvider.GetRequiredService<IOptions<MqttOptions>>().Value);
        Assert.True(error.Failures.Count() >= 2, error.Message);
    }

    private static MqttOptions Valid() => new()
    {
        Brokers =
        [
            new MqttBrokerOptions
            {
                Name = "line1",
                Host = "127.0.0.1",
                ClientId = "gw-01-line1",
                UserName = "gw",
                Password = "pw",
                Subscriptions = [new() { Topic = "factory/#", Qos = 1, Rule = "line-json" }],
            },
        ],
        Rules = [MappingRulesTests.LineJson()],
    };
}
