using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Types.Tests.Structures;

/// <summary>Service structures with every field set to a non-default value, so a field lost or swapped shows.</summary>
internal static class StructureSamples
{
    public static RequestHeader RequestHeader() => new()
    {
        AuthenticationToken = new NodeId(1234),
        Timestamp = new UaDateTime(0x0102030405060708),
        RequestHandle = 42,
        ReturnDiagnostics = 0,
        AuditEntryId = "ab",
        TimeoutHint = 10000,
        AdditionalHeader = ExtensionObject.Null,
    };

    public static ResponseHeader ResponseHeader() => new()
    {
        Timestamp = new UaDateTime(133_000_000_000_000_000),
        RequestHandle = 42,
        ServiceResult = new StatusCode(StatusCodes.BadNodeIdUnknown),
        ServiceDiagnostics = new DiagnosticInfo { SymbolicId = 0, AdditionalInfo = "why" },
        StringTable = ["s0", null, ""],
        AdditionalHeader = new ExtensionObject(new NodeId(7, 2), ExtensionObjectEncoding.Binary, [1, 2, 3]),
    };

    public static ReadRequest ReadRequest() => new()
    {
        RequestHeader = RequestHeader(),
        MaxAge = 250.5,
        TimestampsToReturn = TimestampsToReturn.Both,
        NodesToRead =
        [
            new ReadValueId { NodeId = new NodeId(2258), AttributeId = AttributeIds.Value },
            new ReadValueId
            {
                NodeId = new NodeId("Line1.Press", 3), AttributeId = AttributeIds.DisplayName, IndexRange = "1:2",
                DataEncoding = new QualifiedName(0, "Default Binary"),
            },
        ],
    };

    public static BrowseResponse BrowseResponse() => new()
    {
        ResponseHeader = ResponseHeader(),
        Results =
        [
            new BrowseResult
            {
                StatusCode = new StatusCode(StatusCodes.Good),
                ContinuationPoint = [9, 8, 7],
                References =
                [
                    new ReferenceDescription
                    {
                        ReferenceTypeId = new NodeId(ReferenceTypeIds.Organizes), IsForward = true,
                        NodeId = new ExpandedNodeId(new NodeId(5001), "urn:sim", 1),
                        BrowseName = new QualifiedName(2, "Press"), DisplayName = new LocalizedText("en", "Press"),
                        NodeClass = NodeClass.Object, TypeDefinition = new ExpandedNodeId(new NodeId(ObjectTypeIds.FolderType)),
                    },
                ],
            },
            new BrowseResult { StatusCode = new StatusCode(StatusCodes.BadNodeIdUnknown) },
        ],
        DiagnosticInfos = [new DiagnosticInfo { InnerStatusCode = new StatusCode(StatusCodes.BadInternalError) }],
    };

    public static CreateMonitoredItemsRequest CreateMonitoredItemsRequest()
    {
        var filter = new DataChangeFilter { Trigger = DataChangeTrigger.StatusValueTimestamp, DeadbandType = 1, DeadbandValue = 0.5 };
        return new CreateMonitoredItemsRequest
        {
            RequestHeader = RequestHeader(),
            SubscriptionId = 17,
            TimestampsToReturn = TimestampsToReturn.Source,
            ItemsToCreate =
            [
                new MonitoredItemCreateRequest
                {
                    ItemToMonitor = new ReadValueId { NodeId = new NodeId(5001, 2), AttributeId = AttributeIds.Value },
                    MonitoringMode = MonitoringMode.Reporting,
                    RequestedParameters = new MonitoringParameters
                    {
                        ClientHandle = 99, SamplingInterval = 100, QueueSize = 10, DiscardOldest = true,
                        Filter = new ExtensionObject(new NodeId(DataChangeFilter.BinaryEncodingId), ExtensionObjectEncoding.Binary,
                            StructureCodec.Encode(filter)),
                    },
                },
            ],
        };
    }

    public static OpenSecureChannelRequest OpenSecureChannelRequest() => new()
    {
        RequestHeader = new RequestHeader { Timestamp = new UaDateTime(1), RequestHandle = 1 },
        ClientProtocolVersion = 0,
        RequestType = SecurityTokenRequestType.Renew,
        SecurityMode = MessageSecurityMode.SignAndEncrypt,
        ClientNonce = [.. Enumerable.Range(0, 32).Select(i => (byte)i)],
        RequestedLifetime = 3_600_000,
    };
}
