using IIoT.Gateway.Collection.Mqtt;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace IIoT.Gateway.Tests.Collection.Mqtt;

/// <summary>The gateway needs at least one source: an MQTT broker or an OPC UA endpoint.</summary>
public sealed class MqttAtLeastOneSourceTests
{
    [Fact]
    public void No_broker_is_fine_when_an_OPC_UA_endpoint_is_configured()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OpcUa:Endpoints:0:Name"] = "line1",
            ["OpcUa:Endpoints:0:Url"] = "opc.tcp://127.0.0.1:4840",
        }).Build();

        var result = new MqttOptionsValidator(configuration).Validate(null, new MqttOptions());

        Assert.True(result.Succeeded, string.Join("; ", result.Failures ?? []));
    }

    [Fact]
    public void Neither_a_broker_nor_an_OPC_UA_endpoint_fails_with_a_clear_message()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["OpcUa:Endpoints"] = "" }).Build();

        var result = new MqttOptionsValidator(configuration).Validate(null, new MqttOptions());

        Assert.True(result.Failed);
        Assert.Equal(MqttOptionsValidator.NoSourceMessage, Assert.Single(result.Failures!));
        Assert.Contains("Mqtt:Brokers", MqttOptionsValidator.NoSourceMessage, StringComparison.Ordinal);
        Assert.Contains("OpcUa:Endpoints", MqttOptionsValidator.NoSourceMessage, StringComparison.Ordinal);
    }
}
