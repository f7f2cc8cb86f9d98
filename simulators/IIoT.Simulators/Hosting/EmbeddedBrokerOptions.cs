namespace IIoT.Simulators.Hosting;

/// <summary>An in-process MQTTnet broker, so a local run needs nothing else.</summary>
internal sealed class EmbeddedBrokerOptions
{
    public bool Enabled { get; set; } = true;
    public int Port { get; set; } = 1883;
}
