namespace IIoT.Cloud.Configuration;

public sealed class StorageOptions
{
    public StorageKind Kind { get; set; } = StorageKind.InfluxV1;

    public string Url { get; set; } = "";

    /// <summary>InfluxDB 1.x user (Basic auth); empty when authentication is off.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>InfluxDB 1.x retention policy; empty means the database's default.</summary>
    public string? RetentionPolicy { get; set; }

    /// <summary>InfluxDB 2.x API token.</summary>
    public string? Token { get; set; }

    /// <summary>InfluxDB 2.x organisation.</summary>
    public string? Org { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>InfluxDB 1.x: CREATE DATABASE for each tenant before its first write.</summary>
    public bool CreateDatabases { get; set; }
}
