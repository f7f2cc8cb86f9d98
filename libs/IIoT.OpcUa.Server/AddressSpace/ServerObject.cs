using IIoT.OpcUa.Stack.Services;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;
using D = IIoT.OpcUa.Types.DataTypeIds;
using O = IIoT.OpcUa.Types.ObjectIds;
using OT = IIoT.OpcUa.Types.ObjectTypeIds;
using R = IIoT.OpcUa.Types.ReferenceTypeIds;
using V = IIoT.OpcUa.Types.VariableIds;
using VT = IIoT.OpcUa.Types.VariableTypeIds;

namespace IIoT.OpcUa.Server;

/// <summary>
/// The standard Server object (OPC 10000-5 §6.3.1) under Objects: ServerArray, NamespaceArray, ServerStatus with its
/// children (CurrentTime is computed on every read), ServiceLevel and ServerCapabilities/OperationLimits, which
/// clients read to split their calls. Values are set by <see cref="Configure"/> when a server starts.
/// </summary>
internal sealed class ServerObject
{
    private readonly Dictionary<uint, VariableNode> _variables = [];
    private TimeProvider _time = TimeProvider.System;
    private UaDateTime _startTime = UaDateTime.FromDateTime(DateTime.UtcNow);
    private BuildInfo _buildInfo = new();

    private ServerObject()
    {
    }

    public VariableNode NamespaceArray => _variables[V.Server_NamespaceArray];

    public static ServerObject Build(AddressSpace space)
    {
        var server = new ServerObject();
        var node = new ObjectNode(new NodeId(O.Server), new QualifiedName(0, "Server"), new LocalizedText(null, "Server"));
        space.AddChild(new NodeId(O.ObjectsFolder), node, new NodeId(R.Organizes), new NodeId(OT.ServerType));

        server.Property(space, O.Server, V.Server_ServerArray, "ServerArray", D.String, ValueRanks.OneDimension, Variant.Array(BuiltInType.String, Array.Empty<string>()));
        server.Property(space, O.Server, V.Server_NamespaceArray, "NamespaceArray", D.String, ValueRanks.OneDimension, Variant.Array(BuiltInType.String, Array.Empty<string>()));
        server.Component(space, O.Server, V.Server_ServiceLevel, "ServiceLevel", D.Byte, Variant.Scalar(BuiltInType.Byte, (byte)255), VT.PropertyType, R.HasProperty);
        server.Component(space, O.Server, V.Server_Auditing, "Auditing", D.Boolean, Variant.From(false), VT.PropertyType, R.HasProperty);

        var status = server.Component(space, O.Server, V.Server_ServerStatus, "ServerStatus", D.ServerStatusDataType, Variant.Null, VT.ServerStatusType);
        status.ValueSource = server.ReadServerStatus;
        server.Component(space, V.Server_ServerStatus, V.Server_ServerStatus_StartTime, "StartTime", D.UtcTime, Variant.From(UaDateTime.MinValue));
        var currentTime = server.Component(space, V.Server_ServerStatus, V.Server_ServerStatus_CurrentTime, "CurrentTime", D.UtcTime, Variant.Null);
        currentTime.ValueSource = () => Now(server._time);
        server.Component(space, V.Server_ServerStatus, V.Server_ServerStatus_State, "State", D.ServerState, Variant.From((int)ServerState.Running));
        server.Component(space, V.Server_ServerStatus, V.Server_ServerStatus_BuildInfo, "BuildInfo", D.BuildInfo, Variant.Null, VT.BuildInfoType);
        server.Component(space, V.Server_ServerStatus, V.Server_ServerStatus_SecondsTillShutdown, "SecondsTillShutdown", D.UInt32, Variant.From(0u));
        server.Component(space, V.Server_ServerStatus, V.Server_ServerStatus_ShutdownReason, "ShutdownReason", D.LocalizedText,
            Variant.Scalar(BuiltInType.LocalizedText, LocalizedText.Null));
        server.Component(space, V.Server_ServerStatus_BuildInfo, V.Server_ServerStatus_BuildInfo_ProductUri, "ProductUri", D.String, Variant.From(""));
        server.Component(space, V.Server_ServerStatus_BuildInfo, V.Server_ServerStatus_BuildInfo_ManufacturerName, "ManufacturerName", D.String, Variant.From(""));
        server.Component(space, V.Server_ServerStatus_BuildInfo, V.Server_ServerStatus_BuildInfo_ProductName, "ProductName", D.String, Variant.From(""));
        server.Component(space, V.Server_ServerStatus_BuildInfo, V.Server_ServerStatus_BuildInfo_SoftwareVersion, "SoftwareVersion", D.String, Variant.From(""));
        server.Component(space, V.Server_ServerStatus_BuildInfo, V.Server_ServerStatus_BuildInfo_BuildNumber, "BuildNumber", D.String, Variant.From(""));
        server.Component(space, V.Server_ServerStatus_BuildInfo, V.Server_ServerStatus_BuildInfo_BuildDate, "BuildDate", D.UtcTime, Variant.From(UaDateTime.MinValue));

        var capabilities = new ObjectNode(new NodeId(O.Server_ServerCapabilities), new QualifiedName(0, "ServerCapabilities"), new LocalizedText(null, "ServerCapabilities"));
        space.AddChild(new NodeId(O.Server), capabilities, new NodeId(R.HasComponent), new NodeId(OT.ServerCapabilitiesType));
        var caps = O.Server_ServerCapabilities;
        server.Property(space, caps, V.Server_ServerCapabilities_ServerProfileArray, "ServerProfileArray", D.String, ValueRanks.OneDimension,
            Variant.Array(BuiltInType.String, new[] { "http://opcfoundation.org/UA-Profile/Server/MicroEmbeddedDevice" }));
        server.Property(space, caps, V.Server_ServerCapabilities_LocaleIdArray, "LocaleIdArray", D.LocaleId, ValueRanks.OneDimension,
            Variant.Array(BuiltInType.String, Array.Empty<string>()));
        server.Property(space, caps, V.Server_ServerCapabilities_MinSupportedSampleRate, "MinSupportedSampleRate", D.Duration, ValueRanks.Scalar, Variant.From(0.0));
        server.Property(space, caps, V.Server_ServerCapabilities_MaxBrowseContinuationPoints, "MaxBrowseContinuationPoints", D.UInt16, ValueRanks.Scalar,
            Variant.Scalar(BuiltInType.UInt16, (ushort)0));
        server.Property(space, caps, V.Server_ServerCapabilities_MaxQueryContinuationPoints, "MaxQueryContinuationPoints", D.UInt16, ValueRanks.Scalar,
            Variant.Scalar(BuiltInType.UInt16, (ushort)0));
        server.Property(space, caps, V.Server_ServerCapabilities_MaxHistoryContinuationPoints, "MaxHistoryContinuationPoints", D.UInt16, ValueRanks.Scalar,
            Variant.Scalar(BuiltInType.UInt16, (ushort)0));
        server.Property(space, caps, V.Server_ServerCapabilities_MaxArrayLength, "MaxArrayLength", D.UInt32, ValueRanks.Scalar, Variant.From(0u));
        server.Property(space, caps, V.Server_ServerCapabilities_MaxStringLength, "MaxStringLength", D.UInt32, ValueRanks.Scalar, Variant.From(0u));
        server.Property(space, caps, V.Server_ServerCapabilities_MaxByteStringLength, "MaxByteStringLength", D.UInt32, ValueRanks.Scalar, Variant.From(0u));

        var limits = new ObjectNode(new NodeId(O.Server_ServerCapabilities_OperationLimits), new QualifiedName(0, "OperationLimits"), new LocalizedText(null, "OperationLimits"));
        space.AddChild(new NodeId(caps), limits, new NodeId(R.HasComponent), new NodeId(OT.OperationLimitsType));
        foreach (var (id, name) in OperationLimitIds)
        {
            server.Property(space, O.Server_ServerCapabilities_OperationLimits, id, name, D.UInt32, ValueRanks.Scalar, Variant.From(0u));
        }

        return server;
    }

    private static readonly (uint Id, string Name)[] OperationLimitIds =
    [
        (V.Server_ServerCapabilities_OperationLimits_MaxNodesPerRead, "MaxNodesPerRead"),
        (V.Server_ServerCapabilities_OperationLimits_MaxNodesPerWrite, "MaxNodesPerWrite"),
        (V.Server_ServerCapabilities_OperationLimits_MaxNodesPerMethodCall, "MaxNodesPerMethodCall"),
        (V.Server_ServerCapabilities_OperationLimits_MaxNodesPerBrowse, "MaxNodesPerBrowse"),
        (V.Server_ServerCapabilities_OperationLimits_MaxNodesPerRegisterNodes, "MaxNodesPerRegisterNodes"),
        (V.Server_ServerCapabilities_OperationLimits_MaxNodesPerTranslateBrowsePathsToNodeIds, "MaxNodesPerTranslateBrowsePathsToNodeIds"),
        (V.Server_ServerCapabilities_OperationLimits_MaxNodesPerNodeManagement, "MaxNodesPerNodeManagement"),
        (V.Server_ServerCapabilities_OperationLimits_MaxMonitoredItemsPerCall, "MaxMonitoredItemsPerCall"),
    ];

    /// <summary>Fills in the values from the options of the server that owns this address space.</summary>
    public void Configure(OpcUaServerOptions options, TimeProvider time)
    {
        _time = time;
        _startTime = Now(time).SourceTimestamp;
        _buildInfo = new BuildInfo
        {
            ProductUri = options.ProductUri,
            ManufacturerName = options.ManufacturerName,
            ProductName = options.ApplicationName,
            SoftwareVersion = options.SoftwareVersion,
            BuildNumber = options.BuildNumber,
            BuildDate = _startTime,
        };
        Set(V.Server_ServerArray, Variant.Array(BuiltInType.String, new[] { options.ApplicationUri }));
        Set(V.Server_ServerStatus_StartTime, Variant.From(_startTime));
        Set(V.Server_ServerStatus_BuildInfo, Variant.From(ExtensionObjects.Wrap(_buildInfo)));
        Set(V.Server_ServerStatus_BuildInfo_ProductUri, Variant.From(_buildInfo.ProductUri));
        Set(V.Server_ServerStatus_BuildInfo_ManufacturerName, Variant.From(_buildInfo.ManufacturerName));
        Set(V.Server_ServerStatus_BuildInfo_ProductName, Variant.From(_buildInfo.ProductName));
        Set(V.Server_ServerStatus_BuildInfo_SoftwareVersion, Variant.From(_buildInfo.SoftwareVersion));
        Set(V.Server_ServerStatus_BuildInfo_BuildNumber, Variant.From(_buildInfo.BuildNumber));
        Set(V.Server_ServerStatus_BuildInfo_BuildDate, Variant.From(_startTime));
        Set(V.Server_ServerCapabilities_MaxBrowseContinuationPoints,
            Variant.Scalar(BuiltInType.UInt16, (ushort)Math.Min(options.MaxBrowseContinuationPoints, ushort.MaxValue)));
        Set(V.Server_ServerCapabilities_MaxArrayLength, Variant.From((uint)options.EncodingLimits.MaxArrayLength));
        Set(V.Server_ServerCapabilities_MaxStringLength, Variant.From((uint)options.EncodingLimits.MaxStringLength));
        Set(V.Server_ServerCapabilities_MaxByteStringLength, Variant.From((uint)options.EncodingLimits.MaxByteStringLength));
        Set(V.Server_ServerCapabilities_OperationLimits_MaxNodesPerRead, Variant.From(options.MaxNodesPerRead));
        Set(V.Server_ServerCapabilities_OperationLimits_MaxNodesPerWrite, Variant.From(options.MaxNodesPerWrite));
        Set(V.Server_ServerCapabilities_OperationLimits_MaxNodesPerBrowse, Variant.From(options.MaxNodesPerBrowse));
        Set(V.Server_ServerCapabilities_OperationLimits_MaxNodesPerRegisterNodes, Variant.From(options.MaxNodesPerRegisterNodes));
        Set(V.Server_ServerCapabilities_OperationLimits_MaxNodesPerTranslateBrowsePathsToNodeIds, Variant.From(options.MaxNodesPerTranslateBrowsePathsToNodeIds));
        Set(V.Server_ServerCapabilities_OperationLimits_MaxMonitoredItemsPerCall, Variant.From(options.MaxMonitoredItemsPerCall));
    }

    private DataValue ReadServerStatus()
    {
        var now = Now(_time);
        var status = new ServerStatusDataType
        {
            StartTime = _startTime,
            CurrentTime = now.SourceTimestamp,
            State = ServerState.Running,
            BuildInfo = _buildInfo,
        };
        return new DataValue { Value = Variant.From(ExtensionObjects.Wrap(status)), SourceTimestamp = now.SourceTimestamp };
    }

    private static DataValue Now(TimeProvider time)
    {
        var now = UaDateTime.FromDateTime(time.GetUtcNow().UtcDateTime);
        return new DataValue { Value = Variant.From(now), SourceTimestamp = now };
    }

    private void Set(uint id, Variant value) => _variables[id].SetValue(value, StatusCode.Good, Now(_time).SourceTimestamp);

    private VariableNode Property(AddressSpace space, uint parent, uint id, string name, uint dataType, int valueRank, Variant value) =>
        Add(space, parent, id, name, dataType, valueRank, value, VT.PropertyType, R.HasProperty);

    private VariableNode Component(AddressSpace space, uint parent, uint id, string name, uint dataType, Variant value,
        uint typeDefinition = VT.BaseDataVariableType, uint referenceType = R.HasComponent) =>
        Add(space, parent, id, name, dataType, ValueRanks.Scalar, value, typeDefinition, referenceType);

    private VariableNode Add(AddressSpace space, uint parent, uint id, string name, uint dataType, int valueRank, Variant value, uint typeDefinition, uint referenceType)
    {
        var node = new VariableNode(new NodeId(id), new QualifiedName(0, name), new LocalizedText(null, name),
            new VariableOptions { DataType = new NodeId(dataType), ValueRank = valueRank, InitialValue = value, MinimumSamplingInterval = 1000 });
        space.AddChild(new NodeId(parent), node, new NodeId(referenceType), new NodeId(typeDefinition));
        _variables[id] = node;
        return node;
    }
}
