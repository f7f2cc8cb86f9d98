namespace IIoT.Gateway.Collection.Mqtt;

/// <summary>TLS to the broker. There is deliberately no "accept any certificate" switch.</summary>
public sealed class MqttTlsOptions
{
    public bool Enabled { get; set; }

    /// <summary>PEM file of the CA that signed the broker's certificate; null trusts the system store.</summary>
    public string? CaFile { get; set; }

    /// <summary>Name expected in the broker's certificate; defaults to Host.</summary>
    public string? ServerName { get; set; }
}
