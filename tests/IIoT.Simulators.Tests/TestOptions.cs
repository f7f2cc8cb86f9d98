using IIoT.Simulators.Hosting;

namespace IIoT.Simulators.Tests;

internal static class TestOptions
{
    /// <summary>Fast, virtual-clock options aimed at a broker on this port.</summary>
    public static SimulatorOptions Fast(int port, int machines = 10, long ticks = 20, int seed = 7, bool embedded = false) => new()
    {
        Machines = machines,
        Seed = seed,
        Ticks = ticks,
        Fast = true,
        EmbeddedBroker = new EmbeddedBrokerOptions { Enabled = embedded, Port = port },
        Broker = new BrokerOptions { Host = "127.0.0.1", Port = port, ClientId = "sim-" + Guid.NewGuid().ToString("N")[..8] },
    };
}
