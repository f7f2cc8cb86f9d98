using IIoT.OpcUa.Stack.Services;
using IIoT.OpcUa.Client.Tests.Interop;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;
using Xunit.Abstractions;

namespace IIoT.OpcUa.Client.Tests.OwnServer;

/// <summary>Browse, Read, Write and operation-limit splitting of our client against our own server.</summary>
public sealed class OwnAddressSpaceTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public Task Browses_the_whole_address_space_from_Root_following_continuation_points() => RunAsync(
        new OwnServerSettings { BulkVariables = 300, MaxNodesPerBrowse = 20, MaxBrowseContinuationPoints = 20 }, async (host, session) =>
    {
        Assert.Equal(20u, session.OperationLimits.MaxNodesPerBrowse);
        var seen = new HashSet<NodeId> { new(ObjectIds.RootFolder) };
        var frontier = new List<NodeId> { new(ObjectIds.RootFolder) };
        var classes = new Dictionary<NodeClass, int> { [NodeClass.Object] = 1 };
        var calls = 0;
        while (frontier.Count > 0)
        {
            // Every forward reference of any type (HasTypeDefinition, HasEncoding... too), so every node is reached.
            var descriptions = frontier.Select(n => new BrowseDescription
            {
                NodeId = n,
                BrowseDirection = BrowseDirection.Forward,
                ReferenceTypeId = NodeId.Null,
                IncludeSubtypes = true,
                ResultMask = 0x3F,
            }).ToArray();
            calls += (descriptions.Length + 19) / 20;

            // Three references per node at most: nodes with more come back in pieces through BrowseNext.
            var results = await session.BrowseAsync(descriptions, maxReferencesPerNode: 3);

            Assert.Equal(frontier.Count, results.Length);
            var next = new List<NodeId>();
            for (var i = 0; i < results.Length; i++)
            {
                Assert.True(results[i].StatusCode.IsGood, $"{frontier[i]}: {results[i].StatusCode}");
                Assert.True(results[i].ContinuationPoint is null or { Length: 0 }, "continuation points were followed");
                var references = results[i].References ?? [];
                Assert.Equal(references.Length, references.Select(r => (r.ReferenceTypeId, r.NodeId.NodeId)).Distinct().Count());
                foreach (var reference in references)
                {
                    if (reference.NodeId.ServerIndex == 0 && seen.Add(reference.NodeId.NodeId))
                    {
                        classes[reference.NodeClass] = classes.GetValueOrDefault(reference.NodeClass) + 1;
                        next.Add(reference.NodeId.NodeId);
                    }
                }
            }

            frontier = next;
        }

        output.WriteLine($"{seen.Count} nodes (address space {host.Server.AddressSpace.Count}) in {host.Requests("BrowseRequest")} Browse and {host.Requests("BrowseNextRequest")} BrowseNext calls: "
            + string.Join(", ", classes.Select(c => $"{c.Key}={c.Value}")));
        Assert.Equal(host.Server.AddressSpace.Count, seen.Count);
        Assert.Equal(calls, host.Requests("BrowseRequest")); // split by MaxNodesPerBrowse 20
        Assert.True(host.Requests("BrowseNextRequest") > 10, "continuation points were not used");
        Assert.Equal(300, seen.Count(n => n.NamespaceIndex == 2 && n.IdType == NodeIdType.String && n.StringId.StartsWith("Bulk.", StringComparison.Ordinal)));
        Assert.Contains(new NodeId(ObjectIds.Server), seen);
        Assert.Contains(OwnServerHost.Level, seen);
        Assert.Contains(OwnServerHost.Id("Machine.Level.EURange"), seen);
        foreach (var nodeClass in new[] { NodeClass.Object, NodeClass.Variable, NodeClass.ObjectType, NodeClass.VariableType, NodeClass.ReferenceType, NodeClass.DataType })
        {
            Assert.True(classes.GetValueOrDefault(nodeClass) > 0, $"no {nodeClass} found");
        }
    });

    [Fact]
    public Task Browse_of_more_nodes_than_the_server_has_continuation_points_still_completes_every_node() => RunAsync(
        new OwnServerSettings { BulkVariables = 50, MaxNodesPerBrowse = 1000, MaxBrowseContinuationPoints = 5 }, async (_, session) =>
    {
        // 52 nodes with 2 references or more each: a server with 5 continuation points per session answers the
        // nodes beyond the fifth with BadNoContinuationPoints (OPC 10000-4 §5.8.2.2); the client must still get them all.
        var nodes = Enumerable.Range(0, 50).Select(OwnServerHost.Bulk).Append(new NodeId(ObjectIds.Server)).Append(OwnServerHost.Id("Machine")).ToArray();
        var descriptions = nodes.Select(n => new BrowseDescription
        {
            NodeId = n,
            BrowseDirection = BrowseDirection.Both,
            ReferenceTypeId = NodeId.Null,
            IncludeSubtypes = true,
            ResultMask = 0x3F,
        }).ToArray();

        var all = await session.BrowseAsync(descriptions);
        var pieces = await session.BrowseAsync(descriptions, maxReferencesPerNode: 1);

        for (var i = 0; i < nodes.Length; i++)
        {
            Assert.True(all[i].References!.Length > 1, $"{nodes[i]} needs no continuation point");
            Assert.True(pieces[i].StatusCode.IsGood, $"{nodes[i]}: {pieces[i].StatusCode}");
            Assert.Equal(all[i].References!.Length, pieces[i].References!.Length);
        }
    });

    [Fact]
    public Task Browse_of_one_node_returns_the_references_of_the_model() => RunAsync(new OwnServerSettings(), async (_, session) =>
    {
        var references = await session.BrowseAsync(OwnServerHost.Id("Machine"));

        Assert.Equal(["Counter", "LargeArray", "Level", "ReadOnly", "Writable"], references.Select(r => r.BrowseName.Name).Order(StringComparer.Ordinal));
        Assert.All(references, r => Assert.Equal(new NodeId(ReferenceTypeIds.HasComponent), r.ReferenceTypeId));
        Assert.All(references, r => Assert.Equal(NodeClass.Variable, r.NodeClass));
        var level = references.Single(r => r.BrowseName.Name == "Level");
        Assert.Equal(new NodeId(VariableTypeIds.AnalogItemType), level.TypeDefinition.NodeId);
    });

    [Fact]
    public Task Reads_every_attribute_of_each_node_class_with_the_right_ones_present() => RunAsync(new OwnServerSettings { MaxNodesPerRead = 50 }, async (_, session) =>
    {
        (NodeId Node, NodeClass Class)[] nodes =
        [
            (OwnServerHost.Id("Machine"), NodeClass.Object),
            (new NodeId(ObjectIds.Server), NodeClass.Object),
            (OwnServerHost.Level, NodeClass.Variable),
            (new NodeId(VariableIds.Server_NamespaceArray), NodeClass.Variable),
            (new NodeId(ObjectTypeIds.FolderType), NodeClass.ObjectType),
            (new NodeId(VariableTypeIds.BaseDataVariableType), NodeClass.VariableType),
            (new NodeId(ReferenceTypeIds.HasComponent), NodeClass.ReferenceType),
            (new NodeId(DataTypeIds.Double), NodeClass.DataType),
        ];
        const uint last = AttributeIds.AccessLevelEx;
        var requests = nodes.SelectMany(n => Enumerable.Range(1, (int)last).Select(a => new ReadValueId { NodeId = n.Node, AttributeId = (uint)a })).ToArray();

        var results = await session.ReadAsync(requests); // 216 reads, MaxNodesPerRead 50: five calls

        Assert.Equal(requests.Length, results.Length);
        for (var n = 0; n < nodes.Length; n++)
        {
            var (node, nodeClass) = nodes[n];
            DataValue At(uint attribute) => results[(n * (int)last) + (int)attribute - 1];
            for (uint attribute = 1; attribute <= last; attribute++)
            {
                var status = At(attribute).Status;
                var expected = AttributeRules.Applies(nodeClass, attribute);
                var where = $"{nodeClass} {node} attribute {attribute}: {status}";
                if (expected == AttributeRules.Presence.Required)
                {
                    Assert.True(status.IsGood, where);
                }
                else if (expected == AttributeRules.Presence.NotApplicable)
                {
                    Assert.True(status.Code == StatusCodes.BadAttributeIdInvalid, where);
                }
                else
                {
                    Assert.True(status.IsGood || status.Code == StatusCodes.BadAttributeIdInvalid, where);
                }
            }

            Assert.Equal(node, At(AttributeIds.NodeId).Value.Value);
            Assert.Equal((int)nodeClass, Convert.ToInt32(At(AttributeIds.NodeClass).Value.Value, System.Globalization.CultureInfo.InvariantCulture));
            Assert.IsType<QualifiedName>(At(AttributeIds.BrowseName).Value.Value);
            Assert.IsType<LocalizedText>(At(AttributeIds.DisplayName).Value.Value);
        }

        // The plant variable's attributes are the ones it was made with.
        var level = Array.FindIndex(nodes, n => n.Node == OwnServerHost.Level) * (int)last;
        Assert.Equal(0.0, results[level + (int)AttributeIds.Value - 1].Value.Value);
        Assert.Equal(new NodeId(DataTypeIds.Double), results[level + (int)AttributeIds.DataType - 1].Value.Value);
        Assert.Equal(-1, results[level + (int)AttributeIds.ValueRank - 1].Value.Value);
        Assert.Equal((byte)3, results[level + (int)AttributeIds.AccessLevel - 1].Value.Value);
        Assert.Equal(new QualifiedName(2, "Level"), results[level + (int)AttributeIds.BrowseName - 1].Value.Value);
        var hasComponent = Array.FindIndex(nodes, n => n.Node == new NodeId(ReferenceTypeIds.HasComponent)) * (int)last;
        Assert.Equal(false, results[hasComponent + (int)AttributeIds.Symmetric - 1].Value.Value);
        Assert.Equal("ComponentOf", Assert.IsType<LocalizedText>(results[hasComponent + (int)AttributeIds.InverseName - 1].Value.Value).Text);
    });

    [Fact]
    public Task Writes_and_reads_back_and_gets_named_statuses_for_refused_writes() => RunAsync(new OwnServerSettings(), async (host, session) =>
    {
        var status = await session.WriteAsync(OwnServerHost.Writable, Variant.From(42.25));

        Assert.True(status.IsGood, status.ToString());
        Assert.Equal(42.25, (await session.ReadAsync(OwnServerHost.Writable)).Value.Value);
        Assert.Equal(42.25, host.Variable(OwnServerHost.Writable).Value.Value.Value);

        var refused = await session.WriteAsync(
        [
            new WriteValue { NodeId = OwnServerHost.Writable, AttributeId = AttributeIds.Value, Value = new DataValue { Value = Variant.From("text") } },
            new WriteValue { NodeId = OwnServerHost.ReadOnly, AttributeId = AttributeIds.Value, Value = new DataValue { Value = Variant.From(1.0) } },
            new WriteValue { NodeId = OwnServerHost.Writable, AttributeId = AttributeIds.BrowseName, Value = new DataValue { Value = Variant.Scalar(BuiltInType.QualifiedName, new QualifiedName(2, "x")) } },
            new WriteValue { NodeId = OwnServerHost.Id("NoSuchNode"), AttributeId = AttributeIds.Value, Value = new DataValue { Value = Variant.From(1.0) } },
            new WriteValue { NodeId = OwnServerHost.Writable, AttributeId = AttributeIds.Value, Value = new DataValue { Value = Variant.From(7.5) } },
        ]);

        output.WriteLine(string.Join(", ", refused.Select(s => s.ToString())));
        Assert.Equal(StatusCodes.BadTypeMismatch, refused[0].Code);
        Assert.Equal(StatusCodes.BadNotWritable, refused[1].Code);
        Assert.Equal(StatusCodes.BadNotWritable, refused[2].Code);
        Assert.Equal(StatusCodes.BadNodeIdUnknown, refused[3].Code);
        Assert.True(refused[4].IsGood, refused[4].ToString()); // one refused item does not spoil the others
        Assert.Equal(7.5, (await session.ReadAsync(OwnServerHost.Writable)).Value.Value);
        Assert.Equal(2.5, (await session.ReadAsync(OwnServerHost.ReadOnly)).Value.Value);
    });

    [Fact]
    public Task Reads_a_reply_larger_than_1_MB_that_arrives_in_chunks() => RunAsync(new OwnServerSettings(), async (_, session) =>
    {
        var value = await session.ReadAsync(OwnServerHost.LargeArray);

        Assert.True(value.Status.IsGood, value.Status.ToString());
        var strings = Assert.IsType<string?[]>(value.Value.Value);
        Assert.Equal(OwnServerHost.LargeArrayLength, strings.Length);
        Assert.Equal($"19999:{new string('x', 64)}", strings[^1]);
        var bytes = strings.Sum(s => s!.Length + 4);
        Assert.True(bytes > 1024 * 1024, $"{bytes} bytes");
        Assert.True(bytes > 16 * session.Options.TransportLimits.ReceiveBufferSize, "the reply must span many chunks");
    }, new ClientOptions { EndpointUrl = "set by RunAsync", TransportLimits = new() { ReceiveBufferSize = 8192, SendBufferSize = 8192 } });

    [Fact]
    public Task A_reply_larger_than_the_client_accepts_fails_with_BadResponseTooLarge_and_the_session_goes_on() => RunAsync(new OwnServerSettings(), async (_, session) =>
    {
        // We announce 1 MiB as our MaxMessageSize (HEL) and MaxResponseMessageSize (CreateSession); the array is 1.4 MB.
        var error = await Assert.ThrowsAsync<ServiceResultException>(() => session.ReadAsync(OwnServerHost.LargeArray));

        output.WriteLine(error.Message);
        Assert.Equal(StatusCodes.BadResponseTooLarge, error.StatusCode);
        Assert.Equal(2.5, (await session.ReadAsync(OwnServerHost.ReadOnly)).Value.Value);
        Assert.Equal(SessionState.Connected, session.State);
        Assert.Equal(0, session.ReconnectCount);
    }, new ClientOptions { EndpointUrl = "set by RunAsync", TransportLimits = new() { MaxMessageSize = 1024 * 1024 } });

    [Fact]
    public Task Reads_a_slice_of_an_array_by_index_range_and_translates_a_browse_path() => RunAsync(new OwnServerSettings(), async (_, session) =>
    {
        var slice = await session.ReadAsync([new ReadValueId { NodeId = OwnServerHost.LargeArray, AttributeId = AttributeIds.Value, IndexRange = "10:12" }]);

        Assert.True(slice[0].Status.IsGood, slice[0].Status.ToString());
        var strings = Assert.IsType<string?[]>(slice[0].Value.Value);
        Assert.Equal(["10:", "11:", "12:"], strings.Select(s => s![..3]));

        var path = new BrowsePath
        {
            StartingNode = new NodeId(ObjectIds.ObjectsFolder),
            RelativePath = new RelativePath
            {
                Elements =
                [
                    new RelativePathElement { ReferenceTypeId = new NodeId(ReferenceTypeIds.HierarchicalReferences), IncludeSubtypes = true, TargetName = new QualifiedName(2, "Plant") },
                    new RelativePathElement { ReferenceTypeId = new NodeId(ReferenceTypeIds.HierarchicalReferences), IncludeSubtypes = true, TargetName = new QualifiedName(2, "Machine") },
                    new RelativePathElement { ReferenceTypeId = new NodeId(ReferenceTypeIds.HierarchicalReferences), IncludeSubtypes = true, TargetName = new QualifiedName(2, "Level") },
                ],
            },
        };
        var results = await session.TranslateBrowsePathsAsync([path]);

        var result = Assert.Single(results);
        Assert.True(result.StatusCode.IsGood, result.StatusCode.ToString());
        Assert.Equal(OwnServerHost.Level, Assert.Single(result.Targets ?? []).TargetId.NodeId);
    });

    [Fact]
    public Task Operation_limits_split_a_read_of_1000_nodes_and_2000_monitored_items() => RunAsync(
        new OwnServerSettings { BulkVariables = 2000, MaxNodesPerRead = 50, MaxMonitoredItemsPerCall = 500 }, async (host, session) =>
    {
        Assert.Equal(50u, session.OperationLimits.MaxNodesPerRead);
        Assert.Equal(500u, session.OperationLimits.MaxMonitoredItemsPerCall);
        var requests = Enumerable.Range(0, 1000).Select(i => new ReadValueId { NodeId = OwnServerHost.Bulk(i), AttributeId = AttributeIds.Value }).ToArray();

        var readsBefore = host.Requests("ReadRequest");
        var results = await session.ReadAsync(requests);

        Assert.Equal(1000, results.Length);
        for (var i = 0; i < results.Length; i++)
        {
            Assert.True(results[i].Status.IsGood, $"{i}: {results[i].Status}");
            Assert.Equal((double)i, results[i].Value.Value); // reassembled in request order
        }

        // Without the split our server refuses the call outright.
        var error = await Assert.ThrowsAsync<ServiceResultException>(() => session.CallAsync<ReadResponse>(new ReadRequest { NodesToRead = requests }));
        Assert.Equal(StatusCodes.BadTooManyOperations, error.StatusCode);
        Assert.Equal(20 + 1, host.Requests("ReadRequest") - readsBefore);

        await using var subscription = await session.CreateSubscriptionAsync(new SubscriptionOptions { PublishingInterval = TimeSpan.FromMilliseconds(100) });
        var items = await subscription.AddMonitoredItemsAsync(
            Enumerable.Range(0, 2000).Select(i => new MonitoredItemOptions { NodeId = OwnServerHost.Bulk(i), SamplingInterval = 500 }).ToArray());

        Assert.Equal(2000, items.Count);
        Assert.All(items, item => Assert.True(item.State == MonitoredItemState.Active, $"{item.NodeId}: {item.State} {item.Status}"));
        Assert.Equal(2000, items.Select(i => i.ServerId).Distinct().Count());
        Assert.Equal(4, host.Requests("CreateMonitoredItemsRequest"));
        var tooMany = await Assert.ThrowsAsync<ServiceResultException>(() => session.CallAsync<CreateMonitoredItemsResponse>(new CreateMonitoredItemsRequest
        {
            SubscriptionId = subscription.Id,
            ItemsToCreate = Enumerable.Range(0, 501).Select(i => new MonitoredItemCreateRequest
            {
                ItemToMonitor = new ReadValueId { NodeId = OwnServerHost.Bulk(i), AttributeId = AttributeIds.Value },
                MonitoringMode = MonitoringMode.Reporting,
                RequestedParameters = new MonitoringParameters { ClientHandle = 900_000 + (uint)i, SamplingInterval = 500, QueueSize = 1 },
            }).ToArray(),
        }));
        Assert.Equal(StatusCodes.BadTooManyOperations, tooMany.StatusCode);
    });

    private async Task RunAsync(OwnServerSettings settings, Func<OwnServerHost, UaSession, Task> test, ClientOptions? client = null)
    {
        await using var host = await OwnServerHost.StartAsync(settings).WaitAsync(Timeout);
        var options = client is null
            ? OwnSessionTests.Options(host)
            : new ClientOptions { EndpointUrl = host.EndpointUrl, TransportLimits = client.TransportLimits };
        await using var session = await UaSession.ConnectAsync(options, new TestLogger(output)).WaitAsync(Timeout);
        await test(host, session).WaitAsync(Timeout);
    }
}
