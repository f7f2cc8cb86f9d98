namespace IIoT.Cloud.Configuration;

public sealed class GatewayOptions
{
    public string Id { get; set; } = "";

    public string Tenant { get; set; } = "";

    /// <summary>The key in clear text (development); prefer <see cref="ApiKeySha256"/>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Hex SHA-256 of the UTF-8 key, so the configuration does not hold the secret.</summary>
    public string? ApiKeySha256 { get; set; }
}
