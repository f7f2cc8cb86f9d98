using IIoT.Simulators.Hosting;

namespace IIoT.Simulators.Tests.OpcUa;

public sealed class OpcUaOptionsTests
{
    [Fact]
    public void Defaults_with_OPC_UA_on_are_valid_and_skip_the_MQTT_rules() =>
        Assert.Empty(SimulatorOptionsValidator.Check(new SimulatorOptions { OpcUa = new OpcUaSimulatorOptions { Enabled = true }, Broker = new BrokerOptions { Host = "" } }));

    [Fact]
    public void Bad_OPC_UA_settings_are_all_reported()
    {
        var failures = SimulatorOptionsValidator.Check(new SimulatorOptions
        {
            Machines = 10,
            OpcUa = new OpcUaSimulatorOptions
            {
                Enabled = true, Port = 65_530, EndpointPerMachine = true, BindAddress = "not-an-ip", AllowAnonymous = false,
                ExtraTagsPerMachine = -1, Faults = "at 5 explode",
            },
        });

        Assert.Equal(5, failures.Count);
        Assert.Contains(failures, f => f.Contains("Port + Machines"));
        Assert.Contains(failures, f => f.Contains("BindAddress"));
        Assert.Contains(failures, f => f.Contains("AllowAnonymous"));
        Assert.Contains(failures, f => f.Contains("ExtraTagsPerMachine"));
        Assert.Contains(failures, f => f.Contains("Unknown command 'explode'"));
    }
}
