using System.ComponentModel.DataAnnotations;

namespace IIoT.Gateway.Collection.Mqtt;

/// <summary>The MQTT intake (section "Mqtt"): the brokers to subscribe to and the rules that turn payloads into points.</summary>
public sealed class MqttOptions
{
    public const string SectionName = "Mqtt";

    [Required]
    public List<MqttBrokerOptions> Brokers { get; set; } = [];

    public List<MappingRuleOptions> Rules { get; set; } = [];
}
