using IIoT.OpcUa.Server.Tests.Kit;
using IIoT.OpcUa.Stack.Services;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;
using Range = IIoT.OpcUa.Types.Structures.Range;

namespace IIoT.OpcUa.Server.Tests.Services;

public sealed class AttributeServiceSetTests
{
    [Fact]
    public Task Read_returns_value_status_and_the_timestamps_asked_for() => Run(async (server, client) =>
    {
        var source = UaDateTime.FromDateTime(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc));
        Variable(server, TestServer.Temperature).SetValue(Variant.From(80.5), StatusCodes.UncertainInitialValue, source);
        DataValue ReadWith(ReadResponse r) => r.Results![0];
        ReadRequest Request(TimestampsToReturn t) => new() { TimestampsToReturn = t, NodesToRead = [new ReadValueId { NodeId = TestServer.Temperature, AttributeId = AttributeIds.Value }] };

        var both = ReadWith(await client.CallAsync<ReadResponse>(Request(TimestampsToReturn.Both)));
        var sourceOnly = ReadWith(await client.CallAsync<ReadResponse>(Request(TimestampsToReturn.Source)));
        var serverOnly = ReadWith(await client.CallAsync<ReadResponse>(Request(TimestampsToReturn.Server)));
        var neither = ReadWith(await client.CallAsync<ReadResponse>(Request(TimestampsToReturn.Neither)));

        Assert.Equal(80.5, both.Value.Value);
        Assert.Equal(StatusCodes.UncertainInitialValue, both.Status.Code);
        Assert.Equal(source, both.SourceTimestamp);
        Assert.False(both.ServerTimestamp.IsMinValue);
        Assert.Equal(source, sourceOnly.SourceTimestamp);
        Assert.True(sourceOnly.ServerTimestamp.IsMinValue);
        Assert.True(serverOnly.SourceTimestamp.IsMinValue);
        Assert.False(serverOnly.ServerTimestamp.IsMinValue);
        Assert.True(neither.SourceTimestamp.IsMinValue && neither.ServerTimestamp.IsMinValue);
    });

    [Fact]
    public Task Read_reports_unknown_nodes_invalid_attributes_and_unreadable_values_per_item() => Run(async (server, client) =>
    {
        var results = await client.ReadAsync(
            new ReadValueId { NodeId = new NodeId("nope", 2), AttributeId = AttributeIds.Value },
            new ReadValueId { NodeId = TestServer.Machine, AttributeId = AttributeIds.Value },
            new ReadValueId { NodeId = TestServer.Temperature, AttributeId = AttributeIds.IsAbstract },
            new ReadValueId { NodeId = TestServer.Temperature, AttributeId = 99 },
            new ReadValueId { NodeId = TestServer.Secret, AttributeId = AttributeIds.Value },
            new ReadValueId { NodeId = TestServer.Secret, AttributeId = AttributeIds.AccessLevel });

        Assert.Equal(
            [StatusCodes.BadNodeIdUnknown, StatusCodes.BadAttributeIdInvalid, StatusCodes.BadAttributeIdInvalid, StatusCodes.BadAttributeIdInvalid, StatusCodes.BadNotReadable, StatusCodes.Good],
            results.Select(r => r.Status.Code));
    });

    [Fact]
    public Task Read_of_every_attribute_of_a_reference_type_gives_its_values_or_BadAttributeIdInvalid() => Run(async (server, client) =>
    {
        var results = await client.ReadAsync(Enumerable.Range(1, 27).Select(a => new ReadValueId { NodeId = new NodeId(ReferenceTypeIds.HasProperty), AttributeId = (uint)a }).ToArray());

        var good = results.Select((r, i) => (Attribute: (uint)(i + 1), r)).Where(x => x.r.Status.IsGood).ToDictionary(x => x.Attribute, x => x.r.Value.Value);
        Assert.Equal(
            [AttributeIds.NodeId, AttributeIds.NodeClass, AttributeIds.BrowseName, AttributeIds.DisplayName, AttributeIds.Description, AttributeIds.WriteMask,
             AttributeIds.UserWriteMask, AttributeIds.IsAbstract, AttributeIds.Symmetric, AttributeIds.InverseName],
            good.Keys.Order());
        Assert.Equal(new NodeId(ReferenceTypeIds.HasProperty), good[AttributeIds.NodeId]);
        Assert.Equal((int)NodeClass.ReferenceType, good[AttributeIds.NodeClass]);
        Assert.Equal(new QualifiedName(0, "HasProperty"), good[AttributeIds.BrowseName]);
        Assert.Equal(false, good[AttributeIds.IsAbstract]);
        Assert.Equal(new LocalizedText(null, "PropertyOf"), good[AttributeIds.InverseName]);
        Assert.All(results.Where(r => !r.Status.IsGood), r => Assert.Equal(StatusCodes.BadAttributeIdInvalid, r.Status.Code));
    });

    [Fact]
    public Task Read_of_an_IndexRange_returns_the_slice_of_an_array() => Run(async (server, client) =>
    {
        var results = await client.ReadAsync(
            new ReadValueId { NodeId = TestServer.Samples, AttributeId = AttributeIds.Value, IndexRange = "1:2" },
            new ReadValueId { NodeId = TestServer.Samples, AttributeId = AttributeIds.Value, IndexRange = "3" },
            new ReadValueId { NodeId = TestServer.Samples, AttributeId = AttributeIds.Value, IndexRange = "9" },
            new ReadValueId { NodeId = TestServer.Samples, AttributeId = AttributeIds.Value, IndexRange = "2:1" },
            new ReadValueId { NodeId = TestServer.Temperature, AttributeId = AttributeIds.Value, IndexRange = "0" });

        Assert.Equal(new[] { 2.0, 3.0 }, (double[])results[0].Value.Value!);
        Assert.Equal(new[] { 4.0 }, (double[])results[1].Value.Value!);
        Assert.Equal(
            [StatusCodes.BadIndexRangeNoData, StatusCodes.BadIndexRangeInvalid, StatusCodes.BadIndexRangeNoData],
            results.Skip(2).Select(r => r.Status.Code));
    });

    [Fact]
    public Task Read_refuses_negative_MaxAge_invalid_TimestampsToReturn_empty_lists_and_too_many_nodes() => Run(async (server, client) =>
    {
        var item = new ReadValueId { NodeId = TestServer.Counter, AttributeId = AttributeIds.Value };

        var maxAge = await client.ServiceResultAsync(new ReadRequest { MaxAge = -1, NodesToRead = [item] });
        var timestamps = await client.ServiceResultAsync(new ReadRequest { TimestampsToReturn = TimestampsToReturn.Invalid, NodesToRead = [item] });
        var empty = await client.ServiceResultAsync(new ReadRequest { NodesToRead = [] });
        var tooMany = await client.ServiceResultAsync(new ReadRequest { NodesToRead = [item, item, item, item, item, item] });

        Assert.Equal(
            [StatusCodes.BadMaxAgeInvalid, StatusCodes.BadTimestampsToReturnInvalid, StatusCodes.BadNothingToDo, StatusCodes.BadTooManyOperations],
            [maxAge, timestamps, empty, tooMany]);
    }, TestServer.Options(maxNodesPerRead: 5));

    [Fact]
    public Task Read_of_the_Server_object_gives_NamespaceArray_ServerStatus_and_the_configured_OperationLimits() => Run(async (server, client) =>
    {
        var results = await client.ReadAsync(
            new ReadValueId { NodeId = new NodeId(VariableIds.Server_NamespaceArray), AttributeId = AttributeIds.Value },
            new ReadValueId { NodeId = new NodeId(VariableIds.Server_ServerStatus), AttributeId = AttributeIds.Value },
            new ReadValueId { NodeId = new NodeId(VariableIds.Server_ServerStatus_CurrentTime), AttributeId = AttributeIds.Value },
            new ReadValueId { NodeId = new NodeId(VariableIds.Server_ServerCapabilities_OperationLimits_MaxNodesPerRead), AttributeId = AttributeIds.Value },
            new ReadValueId { NodeId = new NodeId(VariableIds.Server_ServerCapabilities_OperationLimits_MaxNodesPerBrowse), AttributeId = AttributeIds.Value },
            new ReadValueId { NodeId = new NodeId(VariableIds.Server_ServerCapabilities_MaxBrowseContinuationPoints), AttributeId = AttributeIds.Value },
            new ReadValueId { NodeId = new NodeId(VariableIds.Server_ServerArray), AttributeId = AttributeIds.Value });

        Assert.Equal(["http://opcfoundation.org/UA/", "urn:iiot:test:server", TestServer.NamespaceUri], (string[])results[0].Value.Value!);
        Assert.True(ExtensionObjects.TryUnwrap<ServerStatusDataType>((ExtensionObject)results[1].Value.Value!, ServerStatusDataType.BinaryEncodingId, out var status));
        Assert.Equal(ServerState.Running, status!.State);
        Assert.Equal("urn:iiot:opcua", status.BuildInfo.ProductUri);
        Assert.True(status.StartTime.Ticks <= status.CurrentTime.Ticks);
        var currentTime = ((UaDateTime)results[2].Value.Value!).ToDateTime();
        Assert.True(Math.Abs((DateTime.UtcNow - currentTime).TotalSeconds) < 30);
        Assert.Equal(1234u, results[3].Value.Value);
        Assert.Equal(1_000u, results[4].Value.Value);
        Assert.Equal((ushort)10, results[5].Value.Value);
        Assert.Equal(["urn:iiot:test:server"], (string[])results[6].Value.Value!);
    }, TestServer.Options(maxNodesPerRead: 1234));

    [Fact]
    public Task Write_stores_the_value_and_Read_returns_it() => Run(async (server, client) =>
    {
        var status = await client.WriteAsync(TestServer.Name, Variant.From("lathe"));
        var arrayStatus = await client.WriteAsync(TestServer.Samples, Variant.Array(BuiltInType.Double, new[] { 5.0 }));

        Assert.Equal(StatusCodes.Good, status);
        Assert.Equal(StatusCodes.Good, arrayStatus);
        Assert.Equal("lathe", (await client.ReadAsync(TestServer.Name)).Value.Value);
        Assert.Equal(new[] { 5.0 }, (double[])(await client.ReadAsync(TestServer.Samples)).Value.Value!);
    });

    [Fact]
    public Task Write_refuses_wrong_types_and_ranks_read_only_values_other_attributes_and_unknown_nodes() => Run(async (server, client) =>
    {
        var response = await client.CallAsync<WriteResponse>(new WriteRequest
        {
            NodesToWrite =
            [
                Value(TestServer.Temperature, Variant.From("hot")),
                Value(TestServer.Temperature, Variant.From(1.0f)),
                Value(TestServer.Temperature, Variant.Array(BuiltInType.Double, new[] { 1.0 })),
                Value(TestServer.Samples, Variant.From(1.0)),
                Value(TestServer.Counter, Variant.From(1)),
                Value(new NodeId("nope", 2), Variant.From(1)),
                new WriteValue { NodeId = TestServer.Temperature, AttributeId = AttributeIds.DisplayName, Value = new DataValue { Value = Variant.Scalar(BuiltInType.LocalizedText, new LocalizedText(null, "x")) } },
                new WriteValue { NodeId = TestServer.Machine, AttributeId = AttributeIds.Value, Value = new DataValue { Value = Variant.From(1) } },
                new WriteValue { NodeId = TestServer.Temperature, AttributeId = AttributeIds.Value, Value = new DataValue { Value = Variant.From(1.0), Status = StatusCodes.BadOutOfRange } },
            ],
        });

        Assert.Equal(
            [StatusCodes.BadTypeMismatch, StatusCodes.BadTypeMismatch, StatusCodes.BadTypeMismatch, StatusCodes.BadTypeMismatch, StatusCodes.BadNotWritable,
             StatusCodes.BadNodeIdUnknown, StatusCodes.BadNotWritable, StatusCodes.BadAttributeIdInvalid, StatusCodes.BadWriteNotSupported],
            response.Results!.Select(r => r.Code));
        Assert.Equal(21.5, Variable(server, TestServer.Temperature).Value.Value.Value);
    });

    [Fact]
    public Task Write_handler_can_refuse_a_value_and_sees_accepted_ones() => Run(async (server, client) =>
    {
        var accepted = new List<double>();
        Variable(server, TestServer.Temperature).WriteHandler = (node, value) =>
        {
            var number = (double)value.Value.Value!;
            if (number > 150)
            {
                return StatusCodes.BadOutOfRange;
            }

            accepted.Add(number);
            return StatusCodes.Good;
        };

        var tooHot = await client.WriteAsync(TestServer.Temperature, Variant.From(200.0));
        var fine = await client.WriteAsync(TestServer.Temperature, Variant.From(99.0));

        Assert.Equal(StatusCodes.BadOutOfRange, tooHot);
        Assert.Equal(StatusCodes.Good, fine);
        Assert.Equal([99.0], accepted);
        Assert.Equal(99.0, (await client.ReadAsync(TestServer.Temperature)).Value.Value);
    });

    [Fact]
    public Task Write_of_a_structure_subtype_or_enumeration_follows_the_data_type_hierarchy() => Run(async (server, client) =>
    {
        var range = Variant.From(ExtensionObjects.Wrap(new Range { Low = 1, High = 2 }));
        var euRange = server.AddressSpace.Find(TestServer.Id("Line1.Machine1.Temperature.EURange"))!;

        var rangeOnProperty = await client.CallAsync<WriteResponse>(new WriteRequest { NodesToWrite = [Value(euRange.NodeId, range)] });

        Assert.Equal(StatusCodes.BadNotWritable, rangeOnProperty.Results![0].Code); // Properties are read-only by default.
        Assert.True(DataTypeCheck.Accepts(server.AddressSpace, new NodeId(DataTypeIds.Range), -1, range));
        Assert.True(DataTypeCheck.Accepts(server.AddressSpace, new NodeId(DataTypeIds.Duration), -1, Variant.From(1.5)));
        Assert.True(DataTypeCheck.Accepts(server.AddressSpace, new NodeId(DataTypeIds.ServerState), -1, Variant.From(1)));
        Assert.True(DataTypeCheck.Accepts(server.AddressSpace, new NodeId(DataTypeIds.Number), -1, Variant.From(1u)));
        Assert.True(DataTypeCheck.Accepts(server.AddressSpace, new NodeId(DataTypeIds.BaseDataType), -2, Variant.Array(BuiltInType.String, new[] { "a" })));
        Assert.False(DataTypeCheck.Accepts(server.AddressSpace, new NodeId(DataTypeIds.Integer), -1, Variant.From(1u)));
        Assert.False(DataTypeCheck.Accepts(server.AddressSpace, new NodeId(DataTypeIds.Duration), -1, Variant.From(1)));
        Assert.False(DataTypeCheck.Accepts(server.AddressSpace, new NodeId(DataTypeIds.Double), -1, Variant.Null));
    });

    private static WriteValue Value(NodeId nodeId, Variant value) =>
        new() { NodeId = nodeId, AttributeId = AttributeIds.Value, Value = new DataValue { Value = value } };

    private static VariableNode Variable(OpcUaServer server, NodeId id) => (VariableNode)server.AddressSpace.Find(id)!;

    private static Task Run(Func<OpcUaServer, UaTestClient, Task> test, OpcUaServerOptions? options = null) => RunCore(test, options).WaitAsync(TimeSpan.FromSeconds(30));

    private static async Task RunCore(Func<OpcUaServer, UaTestClient, Task> test, OpcUaServerOptions? options)
    {
        await using var server = await TestServer.StartAsync(options);
        await using var client = await UaTestClient.ConnectWithSessionAsync(server);
        await test(server, client);
    }
}
