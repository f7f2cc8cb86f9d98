using System.ComponentModel.DataAnnotations;

namespace IIoT.Gateway.Collection.Mqtt;

/// <summary>One topic filter and the mapping rule for what arrives through it.</summary>
public sealed class MqttSubscriptionOptions
{
    [Required]
    [StringLength(1024, MinimumLength = 1)]
    public string Topic { get; set; } = "";

    [Range(0, 2)]
    public int Qos { get; set; } = 1;

    /// <summary>Name of a rule in Mqtt:Rules; null tries every rule.</summary>
    public string? Rule { get; set; }
}
