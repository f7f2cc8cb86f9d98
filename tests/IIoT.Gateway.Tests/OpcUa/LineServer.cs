using System.Net;
using IIoT.OpcUa.Server;
using IIoT.OpcUa.Server.Subscriptions;
using IIoT.OpcUa.Stack.Services;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.Gateway.Tests.OpcUa;

/// <summary>
/// Our OPC UA server in process on loopback, shaped like a simulator: namespace <see cref="NamespaceUri"/>,
/// Objects/plant1/assembly/line1/{m01,m02}/{temperature (Double AnalogItem, unit degC), state (String), counter (UInt32)}.
/// Restart keeps the port and the values.
/// </summary>
internal sealed class LineServer : IAsyncDisposable
{
    public const string NamespaceUri = "urn:iiot:sim:line1";
    public const string LinePrefix = "plant1.assembly.line1";

    private readonly Dictionary<string, (Variant Value, StatusCode Status)> _last = [];
    private ushort _ns;

    public OpcUaServer Server { get; private set; } = null!;

    /// <summary>The machines the address space has; change before <see cref="RestartAsync"/> to make nodes appear or go.</summary>
    public string[] Machines { get; set; } = ["m01", "m02"];

    public string EndpointUrl => $"opc.tcp://127.0.0.1:{Server.Port}";

    public int Port => Server.Port;

    public static string NodeId(string machine, string signal) => $"nsu={NamespaceUri};s={LinePrefix}.{machine}.{signal}";

    public static async Task<LineServer> StartAsync()
    {
        var server = new LineServer();
        server.Server = await server.StartServerAsync(0);
        return server;
    }

    public void Set(string machine, string signal, Variant value, StatusCode status = default)
    {
        var key = $"{LinePrefix}.{machine}.{signal}";
        lock (_last)
        {
            _last[key] = (value, status);
            ((VariableNode)Server.AddressSpace.Find(new NodeId(key, _ns))!).SetValue(value, status, UaDateTime.FromDateTime(DateTime.UtcNow));
        }
    }

    public async Task RestartAsync()
    {
        var port = Server.Port;
        await Server.DisposeAsync();
        Server = await StartServerAsync(port);
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();

    private Task<OpcUaServer> StartServerAsync(int port) => OpcUaServer.StartAsync(new OpcUaServerOptions
    {
        BindAddress = IPAddress.Loopback,
        Port = port,
        HostName = "localhost",
        ApplicationUri = "urn:iiot:test:line-server",
        AllowAnonymous = true,
        Users = new Dictionary<string, string> { ["gateway"] = "pw" },
        MinSessionTimeout = TimeSpan.FromSeconds(1),
        SessionSweepInterval = TimeSpan.FromMilliseconds(200),
        Subscriptions = new SubscriptionEngineOptions { MinSamplingInterval = 10, MinPublishingInterval = 20 },
    }, Build()).WaitAsync(TimeSpan.FromSeconds(20));

    private AddressSpace Build()
    {
        var space = new AddressSpace();
        var ns = space.RegisterNamespace(NamespaceUri);
        _ns = ns;
        NodeId Id(string name) => new(name, ns);
        space.AddFolder(new NodeId(ObjectIds.ObjectsFolder), Id("plant1"), "plant1");
        space.AddFolder(Id("plant1"), Id("plant1.assembly"), "assembly");
        space.AddFolder(Id("plant1.assembly"), Id(LinePrefix), "line1");
        foreach (var machine in Machines)
        {
            var m = $"{LinePrefix}.{machine}";
            space.AddObject(Id(LinePrefix), Id(m), machine);
            space.AddVariable(Id(m), Id(m + ".temperature"), "temperature", new VariableOptions
            {
                TypeDefinition = new NodeId(VariableTypeIds.AnalogItemType),
                InitialValue = Initial(m + ".temperature", Variant.From(20.5)),
            });
            space.AddEuRange(Id(m + ".temperature"), Id(m + ".temperature.EURange"), -50, 250);
            space.AddProperty(Id(m + ".temperature"), Id(m + ".temperature.EngineeringUnits"), new QualifiedName(0, "EngineeringUnits"),
                new NodeId(DataTypeIds.EUInformation),
                Variant.From(ExtensionObjects.Wrap(new EUInformation { DisplayName = new LocalizedText("en", "degC"), Description = new LocalizedText("en", "degree Celsius") })));
            space.AddVariable(Id(m), Id(m + ".state"), "state", new VariableOptions
            {
                DataType = new NodeId(DataTypeIds.String),
                InitialValue = Initial(m + ".state", Variant.From("running")),
            });
            space.AddVariable(Id(m), Id(m + ".counter"), "counter", new VariableOptions
            {
                DataType = new NodeId(DataTypeIds.UInt32),
                InitialValue = Initial(m + ".counter", Variant.From(0u)),
            });
        }
        return space;
    }

    private Variant Initial(string key, Variant fallback)
    {
        lock (_last)
        {
            return _last.TryGetValue(key, out var last) ? last.Value : fallback;
        }
    }
}
