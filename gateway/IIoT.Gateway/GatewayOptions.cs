using System.ComponentModel.DataAnnotations;

namespace IIoT.Gateway;

/// <summary>Who this gateway is and where it keeps its files (section "Gateway").</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Sent with each batch; the cloud checks it against the gateway its API key belongs to.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", ErrorMessage = "Gateway:Id must be 1-64 letters, digits, '.', '_' or '-'.")]
    public string Id { get; set; } = "";

    /// <summary>Root of the buffer and dead-letter folders unless they are set on their own.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";
}
