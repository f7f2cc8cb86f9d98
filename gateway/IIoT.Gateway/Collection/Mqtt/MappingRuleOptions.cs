using System.ComponentModel.DataAnnotations;

namespace IIoT.Gateway.Collection.Mqtt;

/// <summary>How the messages of one topic shape become points.</summary>
public sealed class MappingRuleOptions
{
    [Required]
    public string Name { get; set; } = "";

    /// <summary>Template such as "factory/{site}/{area}/{line}/{machine}/telemetry"; "+" and a final "#" are wildcards.</summary>
    [Required]
    [StringLength(1024, MinimumLength = 1)]
    public string Topic { get; set; } = "";

    /// <summary>Fixed asset values; they override what the topic captures and fill in what it lacks.</summary>
    public string? Site { get; set; }

    public string? Area { get; set; }

    public string? Line { get; set; }

    public string? Machine { get; set; }

    /// <summary>Dotted path of the timestamp; null uses the receive time.</summary>
    public string? TimestampField { get; set; } = "ts";

    public TimestampFormat TimestampFormat { get; set; } = TimestampFormat.UnixMilliseconds;

    /// <summary>Dotted path of the object holding the values; null: the payload object itself.</summary>
    public string? ValuesPath { get; set; }

    /// <summary>Signals to keep (flattened names); empty keeps all.</summary>
    public List<string> Include { get; set; } = [];

    public List<string> Exclude { get; set; } = [];

    /// <summary>Unit per signal name, e.g. temperature_c: degC.</summary>
    public Dictionary<string, string> Units { get; set; } = [];

    /// <summary>Optional dotted path of a quality: "good"/"uncertain"/"bad" or an integer (OPC UA style) status code.</summary>
    public string? QualityField { get; set; }
}
