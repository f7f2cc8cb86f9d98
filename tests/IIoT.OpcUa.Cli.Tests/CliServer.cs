using System.Net;
using IIoT.OpcUa.Server;
using IIoT.OpcUa.Stack.Services;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Cli.Tests;

/// <summary>
/// Our server in process on loopback with a small plant in <see cref="NamespaceUri"/>, shaped like the simulators:
/// Objects/plant1/assembly/line1/{M-01, M-02}/{Temperature (AnalogItem, degC, EURange), Spindle Speed (Int32, rpm), State (String)}.
/// Another namespace is registered first, so ours has index 3: config output must use the URI, not the index.
/// </summary>
internal sealed class CliServer : IAsyncDisposable
{
    public const string NamespaceUri = "urn:iiot:sim:line1";
    public const string UserName = "engineer";
    public const string Password = "pw-for-tests";

    private CliServer(OpcUaServer server, ushort ns)
    {
        Server = server;
        Namespace = ns;
    }

    public OpcUaServer Server { get; }

    public ushort Namespace { get; }

    public string Url => $"opc.tcp://127.0.0.1:{Server.Port}";

    public static string Id(string name) => $"nsu={NamespaceUri};s={name}";

    public static async Task<CliServer> StartAsync()
    {
        var space = new AddressSpace();
        space.RegisterNamespace("urn:iiot:test:another-model");
        var ns = space.RegisterNamespace(NamespaceUri);
        NodeId N(string name) => new(name, ns);

        space.AddFolder(new NodeId(ObjectIds.ObjectsFolder), N("plant1"), "plant1");
        space.AddFolder(N("plant1"), N("plant1.assembly"), "assembly");
        space.AddFolder(N("plant1.assembly"), N("plant1.assembly.line1"), "line1");
        foreach (var machine in new[] { "M-01", "M-02" })
        {
            var m = $"plant1.assembly.line1.{machine}";
            space.AddObject(N("plant1.assembly.line1"), N(m), machine);
            space.AddVariable(N(m), N($"{m}.temperature"), "Temperature", new VariableOptions
            {
                DataType = new NodeId(DataTypeIds.Double),
                TypeDefinition = new NodeId(VariableTypeIds.AnalogItemType),
                AccessLevel = VariableOptions.ReadWrite,
                InitialValue = Variant.From(21.5),
            });
            space.AddEuRange(N($"{m}.temperature"), N($"{m}.temperature.EURange"), 0, 150);
            space.AddProperty(N($"{m}.temperature"), N($"{m}.temperature.EngineeringUnits"), new QualifiedName(0, "EngineeringUnits"),
                new NodeId(DataTypeIds.EUInformation),
                Variant.From(ExtensionObjects.Wrap(new EUInformation { DisplayName = new LocalizedText("en", "degC"), UnitId = 4408652 })));
            space.AddVariable(N(m), N($"{m}.spindle_speed"), "Spindle Speed", new VariableOptions
            {
                DataType = new NodeId(DataTypeIds.Int32),
                AccessLevel = VariableOptions.ReadWrite,
                InitialValue = Variant.From(1200),
            });
            space.AddProperty(N($"{m}.spindle_speed"), N($"{m}.spindle_speed.EngineeringUnits"), new QualifiedName(0, "EngineeringUnits"),
                new NodeId(DataTypeIds.EUInformation),
                Variant.From(ExtensionObjects.Wrap(new EUInformation { DisplayName = new LocalizedText("en", "rpm") })));
            space.AddVariable(N(m), N($"{m}.state"), "State", new VariableOptions
            {
                DataType = new NodeId(DataTypeIds.String),
                InitialValue = Variant.From("running"),
            });
        }

        var server = await OpcUaServer.StartAsync(new OpcUaServerOptions
        {
            BindAddress = IPAddress.Loopback,
            Port = 0,
            HostName = "localhost",
            Users = new Dictionary<string, string> { [UserName] = Password },
        }, space).WaitAsync(TimeSpan.FromSeconds(30));
        return new CliServer(server, ns);
    }

    public VariableNode Variable(string name) =>
        Server.AddressSpace.Find(new NodeId(name, Namespace)) as VariableNode ?? throw new InvalidOperationException($"{name} is not a variable");

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
