using IIoT.OpcUa.Client;
using IIoT.OpcUa.Types;
using IIoT.Simulators.Hosting;
using IIoT.Simulators.Model;
using IIoT.Simulators.OpcUa;

namespace IIoT.Simulators.Tests.OpcUa;

/// <summary>An <see cref="OpcUaLineHost"/> on a free loopback port plus a connected client session of our own stack.</summary>
internal sealed class SimLine : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private SimLine(OpcUaLineHost host, UaSession session)
    {
        Host = host;
        Session = session;
    }

    public OpcUaLineHost Host { get; }

    public UaSession Session { get; }

    public ushort Ns => (ushort)Session.NamespaceUris.ToList().IndexOf(Host.Line.NamespaceUri);

    public string Url => $"opc.tcp://127.0.0.1:{Host.Servers[0].Port}";

    public static SimulatedLine Line(int machines = 3, int extraTags = 0, string scenario = ScenarioCatalog.Default) => new SimulatorOptions
    {
        Machines = machines,
        Seed = 5,
        Scenario = scenario,
        OpcUa = new OpcUaSimulatorOptions { Enabled = true, ExtraTagsPerMachine = extraTags },
    }.ResolveLine();

    public static async Task<SimLine> StartAsync(SimulatedLine? line = null, OpcUaSimulatorOptions? options = null)
    {
        var host = new OpcUaLineHost(line ?? Line(), options ?? new OpcUaSimulatorOptions { Enabled = true, Port = 0, BindAddress = "127.0.0.1", HostName = "127.0.0.1" });
        await host.StartAsync();
        await host.StepAsync();
        try
        {
            var session = await UaSession.ConnectAsync(Client($"opc.tcp://127.0.0.1:{host.Servers[0].Port}"));
            return new SimLine(host, session);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    public static ClientOptions Client(string url) => new()
    {
        EndpointUrl = url,
        SessionName = "sim-test",
        RequestTimeout = TimeSpan.FromSeconds(5),
        KeepAliveInterval = TimeSpan.FromMilliseconds(500),
        Reconnect = new ReconnectPolicy { InitialDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromMilliseconds(500) },
    };

    /// <summary>ns=&lt;sim&gt;;s=plant1.assembly.line1.&lt;machine&gt;.&lt;signal&gt;</summary>
    public NodeId Id(string machine, string signal) => new(LineAddressSpace.SignalId(Host.Line, machine, signal), Ns);

    public async ValueTask DisposeAsync()
    {
        await Session.DisposeAsync();
        await Host.DisposeAsync();
    }
}
