namespace IIoT.Simulators.Hosting;

/// <summary>The external broker to publish to (ignored while the embedded broker is enabled).</summary>
internal sealed class BrokerOptions
{
    public string Host { get; set; } = "localhost";
    public int Port { get; set; } = 1883;
    public MqttProtocol Protocol { get; set; } = MqttProtocol.V500;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public bool Tls { get; set; }

    /// <summary>Accept any server certificate (self-signed test brokers only).</summary>
    public bool AllowUntrustedCertificates { get; set; }

    /// <summary>Defaults to "iiot-sim-{Site}-{Line}".</summary>
    public string? ClientId { get; set; }

    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Connect and per-packet response timeout.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
