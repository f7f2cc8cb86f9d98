using System.ComponentModel.DataAnnotations;

namespace IIoT.Gateway.Uplink;

/// <summary>How the gateway forwards its buffer to the cloud (section "Uplink").</summary>
public sealed class UplinkOptions
{
    public const string SectionName = "Uplink";

    /// <summary>Cloud base URLs, tried in order; the next one is taken when one fails (failover).</summary>
    [MinLength(1)]
    public string[] Urls { get; set; } = [];

    /// <summary>This gateway's API key; the cloud derives the gateway and tenant from it.</summary>
    [Required]
    public string ApiKey { get; set; } = "";

    /// <summary>Optional PEM file of a private CA that signs the cloud's certificate (the system store is used otherwise).</summary>
    public string? CaFile { get; set; }

    [Range(1, 50_000)]
    public int MaxBatchPoints { get; set; } = 10_000;

    [Range(1024, 5 * 1024 * 1024)]
    public int MaxBatchBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>How long the forwarder waits for the first record of a batch before it looks again.</summary>
    public TimeSpan BatchInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MinBackoff { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The cap of the exponential backoff, and of a Retry-After the cloud asks for.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(60);
}
