using IIoT.Simulators.Hosting;
using MQTTnet.Protocol;

namespace IIoT.Simulators.Mqtt;

/// <summary>Where and how the publisher connects; resolved from the options (embedded broker or external).</summary>
internal sealed record MqttPublisherSettings
{
    public required string Host { get; init; }
    public required int Port { get; init; }
    public MqttProtocol Protocol { get; init; } = MqttProtocol.V500;
    public string? UserName { get; init; }
    public string? Password { get; init; }
    public bool Tls { get; init; }
    public bool AllowUntrustedCertificates { get; init; }
    public required string ClientId { get; init; }
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(15);
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);
    public MqttQualityOfServiceLevel Qos { get; init; } = MqttQualityOfServiceLevel.AtLeastOnce;
    public int MaxInFlight { get; init; } = 100;

    /// <param name="line">The line being run; its site and line (a scenario file may set them) name the default client id.</param>
    public static MqttPublisherSettings From(SimulatorOptions options, Model.SimulatedLine? line = null)
    {
        var broker = options.Broker;
        var embedded = options.EmbeddedBroker.Enabled;
        return new MqttPublisherSettings
        {
            Host = embedded ? "127.0.0.1" : broker.Host,
            Port = embedded ? options.EmbeddedBroker.Port : broker.Port,
            Protocol = broker.Protocol,
            UserName = broker.UserName,
            Password = broker.Password,
            Tls = !embedded && broker.Tls,
            AllowUntrustedCertificates = broker.AllowUntrustedCertificates,
            ClientId = broker.ClientId ?? $"iiot-sim-{line?.Site ?? options.Site}-{line?.Line ?? options.Line}",
            KeepAlive = broker.KeepAlive,
            Timeout = broker.Timeout,
            Qos = (MqttQualityOfServiceLevel)options.Qos,
            MaxInFlight = options.MaxInFlight,
        };
    }

    /// <summary>For logs: never includes the password.</summary>
    public override string ToString() =>
        $"mqtt{(Tls ? "s" : "")}://{Host}:{Port} ({Protocol}, client id {ClientId}, QoS {(int)Qos}{(UserName is null ? "" : ", user " + UserName)})";
}
