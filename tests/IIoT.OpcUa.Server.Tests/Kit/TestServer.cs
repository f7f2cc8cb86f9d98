using System.Net;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Server.Tests.Kit;

/// <summary>
/// An <see cref="OpcUaServer"/> on loopback (port 0, announced as "localhost") over a small machine model:
/// Objects/Line1 (folder)/Machine1 (object) with Temperature (Double AnalogItem, read/write, EURange 0..150),
/// Counter (Int32, read only), Name (String, read/write), Samples (Double[], read/write) and Secret (not readable).
/// </summary>
internal static class TestServer
{
    public const string NamespaceUri = "urn:iiot:test:machines";

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public static Dictionary<string, string> Users => new() { ["operator"] = "secret-1" };

    public static OpcUaServerOptions Options(
        TimeSpan? minSessionTimeout = null,
        TimeSpan? maxSessionTimeout = null,
        int maxSessions = 100,
        int maxConnections = 100,
        bool allowAnonymous = true,
        TimeSpan? sessionSweep = null,
        int maxBrowseContinuationPoints = 10,
        uint maxNodesPerRead = 10_000,
        uint maxNodesPerBrowse = 1_000,
        uint maxReferencesPerNode = 1_000,
        EncodingLimits? encodingLimits = null,
        string? hostName = null) => new()
    {
        BindAddress = IPAddress.Loopback,
        Port = 0,
        HostName = hostName ?? "localhost",
        ApplicationUri = "urn:iiot:test:server",
        Users = Users,
        MinSessionTimeout = minSessionTimeout ?? TimeSpan.FromSeconds(10),
        MaxSessionTimeout = maxSessionTimeout ?? TimeSpan.FromHours(1),
        MaxSessions = maxSessions,
        MaxConnections = maxConnections,
        AllowAnonymous = allowAnonymous,
        SessionSweepInterval = sessionSweep ?? TimeSpan.FromSeconds(1),
        MaxBrowseContinuationPoints = maxBrowseContinuationPoints,
        MaxNodesPerRead = maxNodesPerRead,
        MaxNodesPerBrowse = maxNodesPerBrowse,
        MaxReferencesPerNode = maxReferencesPerNode,
        EncodingLimits = encodingLimits ?? EncodingLimits.Default,
    };

    public static async Task<OpcUaServer> StartAsync(OpcUaServerOptions? options = null, Action<OpcUaServer>? configure = null, Action<AddressSpace>? build = null)
    {
        var space = CreateAddressSpace();
        build?.Invoke(space);
        return await OpcUaServer.StartAsync(options ?? Options(), space, configure).WaitAsync(Timeout);
    }

    public static AddressSpace CreateAddressSpace()
    {
        var space = new AddressSpace();
        var ns = space.RegisterNamespace(NamespaceUri);
        space.AddFolder(new NodeId(ObjectIds.ObjectsFolder), Id("Line1", ns), "Line1");
        space.AddObject(Id("Line1", ns), Id("Line1.Machine1", ns), "Machine1");
        space.AddVariable(Id("Line1.Machine1", ns), Id("Line1.Machine1.Temperature", ns), "Temperature", new VariableOptions
        {
            DataType = new NodeId(DataTypeIds.Double),
            AccessLevel = VariableOptions.ReadWrite,
            MinimumSamplingInterval = 100,
            InitialValue = Variant.From(21.5),
            TypeDefinition = new NodeId(VariableTypeIds.AnalogItemType),
        });
        space.AddEuRange(Id("Line1.Machine1.Temperature", ns), Id("Line1.Machine1.Temperature.EURange", ns), 0, 150);
        space.AddVariable(Id("Line1.Machine1", ns), Id("Line1.Machine1.Counter", ns), "Counter", new VariableOptions
        {
            DataType = new NodeId(DataTypeIds.Int32),
            InitialValue = Variant.From(7),
        });
        space.AddVariable(Id("Line1.Machine1", ns), Id("Line1.Machine1.Name", ns), "Name", new VariableOptions
        {
            DataType = new NodeId(DataTypeIds.String),
            AccessLevel = VariableOptions.ReadWrite,
            InitialValue = Variant.From("press"),
        });
        space.AddVariable(Id("Line1.Machine1", ns), Id("Line1.Machine1.Samples", ns), "Samples", new VariableOptions
        {
            DataType = new NodeId(DataTypeIds.Double),
            ValueRank = 1,
            ArrayDimensions = [0],
            AccessLevel = VariableOptions.ReadWrite,
            InitialValue = Variant.Array(BuiltInType.Double, new[] { 1.0, 2.0, 3.0, 4.0 }),
        });
        space.AddVariable(Id("Line1.Machine1", ns), Id("Line1.Machine1.Secret", ns), "Secret", new VariableOptions
        {
            DataType = new NodeId(DataTypeIds.Int32),
            AccessLevel = 0,
            InitialValue = Variant.From(42),
        });
        return space;
    }

    public static NodeId Id(string name, ushort ns = 2) => new(name, ns);

    public static NodeId Temperature => Id("Line1.Machine1.Temperature");

    public static NodeId Counter => Id("Line1.Machine1.Counter");

    public static NodeId Name => Id("Line1.Machine1.Name");

    public static NodeId Samples => Id("Line1.Machine1.Samples");

    public static NodeId Secret => Id("Line1.Machine1.Secret");

    public static NodeId Machine => Id("Line1.Machine1");

    public static NodeId Line => Id("Line1");
}
