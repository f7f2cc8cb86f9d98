using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Types.Tests.Vectors;

/// <summary>
/// Byte-exact interop: every service body node-opcua sent or answered in a real session decodes with the generated
/// T.Decode (all bytes consumed) and re-encodes to exactly the captured bytes. No node-opcua at test time.
/// </summary>
public sealed class NodeOpcuaVectorTests
{
    private static readonly IReadOnlyList<CapturedFrame> Frames = CapturedFrame.Load();

    public static TheoryData<int, string> ServiceFrames()
    {
        var data = new TheoryData<int, string>();
        foreach (var frame in Frames.Where(f => f.MessageType is "OPN" or "MSG" or "CLO")) data.Add(frame.Index, frame.Label);
        return data;
    }

    [Theory]
    [MemberData(nameof(ServiceFrames))]
    public void Captured_service_body_decodes_and_re_encodes_to_the_same_bytes(int index, string label)
    {
        var body = Frames[index].Body;
        var reader = new UaBinaryReader(body);
        var encodingId = reader.ReadNodeId("TypeId");
        Assert.Equal(NodeIdType.Numeric, encodingId.IdType);
        Assert.True(EncodeableTypes.ByBinaryEncodingId.TryGetValue(encodingId.NumericId, out var entry), $"{label}: no generated type for encoding id {encodingId}");

        var fields = body.AsSpan(reader.Position).ToArray();
        var value = entry.DecodeWhole(fields);

        Assert.Equal(Convert.ToHexString(body.AsSpan(0, reader.Position)), Convert.ToHexString(Codec.Encode(w => w.WriteNodeId(new NodeId(value.BinaryEncodingId)))));
        Assert.Equal(Convert.ToHexString(fields), Convert.ToHexString(EncodeableTypes.Encode(value)));
    }

    [Fact]
    public void Capture_covers_the_messages_the_issue_names()
    {
        var ids = Frames.Where(f => f.MessageType is "OPN" or "MSG" or "CLO").Select(f => Decode(f).BinaryEncodingId).ToHashSet();
        uint[] wanted =
        [
            OpenSecureChannelRequest.BinaryEncodingId, OpenSecureChannelResponse.BinaryEncodingId, CreateSessionRequest.BinaryEncodingId,
            CreateSessionResponse.BinaryEncodingId, ReadRequest.BinaryEncodingId, ReadResponse.BinaryEncodingId, BrowseResponse.BinaryEncodingId,
            CreateMonitoredItemsRequest.BinaryEncodingId, CreateMonitoredItemsResponse.BinaryEncodingId, PublishResponse.BinaryEncodingId,
        ];
        Assert.All(wanted, id => Assert.Contains(id, ids));
        Assert.Contains(Frames, f => f.MessageType == "HEL");
        Assert.Contains(Frames, f => f.MessageType == "ACK");
    }

    [Fact]
    public void ReadResponse_carries_the_Temperature_as_a_Double_with_timestamps()
    {
        var response = Single<ReadResponse>();
        var value = Assert.Single(response.Results!);
        Assert.Equal(BuiltInType.Double, value.Value.Type);
        Assert.InRange((double)value.Value.Value!, 10.0, 30.0);
        Assert.True(value.Status.IsGood);
        Assert.NotEqual(0, value.SourceTimestamp.Ticks);
        Assert.NotEqual(0, value.ServerTimestamp.Ticks);

        var request = Single<ReadRequest>();
        Assert.Equal(new NodeId("Line1.Machine1.Temperature", 2), Assert.Single(request.NodesToRead!).NodeId);
    }

    [Fact]
    public void BrowseResponse_lists_the_three_machines_of_Line1()
    {
        var references = Assert.Single(Single<BrowseResponse>().Results!).References!;
        var names = references.Where(r => r.IsForward && r.BrowseName.NamespaceIndex == 2).Select(r => r.BrowseName.Name).Order();
        Assert.Equal(["Machine1", "Machine2", "Machine3"], names);
        Assert.Contains(references, r => r.NodeId.NodeId == new NodeId("Line1.Machine1", 2) && r.DisplayName.Text == "Machine1");
    }

    [Fact]
    public void CreateMonitoredItems_asks_for_the_Temperature_value_with_a_100ms_sampling_interval()
    {
        var request = Single<CreateMonitoredItemsRequest>();
        var item = Assert.Single(request.ItemsToCreate!);
        Assert.Equal(new NodeId("Line1.Machine1.Temperature", 2), item.ItemToMonitor.NodeId);
        Assert.Equal(AttributeIds.Value, item.ItemToMonitor.AttributeId);
        Assert.Equal(100.0, item.RequestedParameters.SamplingInterval);
        Assert.True(Assert.Single(Single<CreateMonitoredItemsResponse>().Results!).StatusCode.IsGood);
    }

    [Fact]
    public void PublishResponse_holds_a_DataChangeNotification_for_the_monitored_item()
    {
        var handle = Assert.Single(Single<CreateMonitoredItemsRequest>().ItemsToCreate!).RequestedParameters.ClientHandle;
        var withData = Frames.Where(f => f.Label.EndsWith($":{PublishResponse.BinaryEncodingId}"))
            .Select(f => (PublishResponse)Decode(f))
            .First(p => p.NotificationMessage.NotificationData is { Length: > 0 });
        var data = Assert.Single(withData.NotificationMessage.NotificationData!);
        Assert.Equal(new NodeId(DataChangeNotification.BinaryEncodingId), data.TypeId);
        Assert.Equal(ExtensionObjectEncoding.Binary, data.Encoding);

        var reader = new UaBinaryReader(data.Body);
        var change = DataChangeNotification.Decode(ref reader);
        reader.EnsureEnd("DataChangeNotification");
        var item = Assert.Single(change.MonitoredItems!);
        Assert.Equal(handle, item.ClientHandle);
        Assert.Equal(BuiltInType.Double, item.Value.Value.Type);
        Assert.Equal(data.Body.ToArray(), EncodeableTypes.Encode(change));
    }

    private static IEncodeable Decode(CapturedFrame frame)
    {
        var body = frame.Body;
        var reader = new UaBinaryReader(body);
        var id = reader.ReadNodeId("TypeId");
        return EncodeableTypes.ByBinaryEncodingId[id.NumericId].DecodeWhole(body.AsSpan(reader.Position));
    }

    private static T Single<T>()
        where T : IEncodeable<T> =>
        Assert.Single(Frames.Where(f => f.MessageType is "OPN" or "MSG" or "CLO").Select(Decode).OfType<T>());
}
