using IIoT.OpcUa.Stack.Services;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;
using IIoT.Testing;
using Xunit.Abstractions;

namespace IIoT.OpcUa.Client.Tests.Interop;

/// <summary>Browse, Read, Write and operation-limit splitting of our client against a real node-opcua server.</summary>
[Collection(NodeOpcuaCollection.Name)]
public sealed class AddressSpaceTests(ClientTestServerFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private NodeOpcuaServer Server => fixture.Server;

    [Fact]
    public Task Browses_the_whole_address_space_from_Root_including_ns0() => RunAsync(async session =>
    {
        Assert.Equal((uint)ClientTestServerFixture.MaxNodesPerBrowse, session.OperationLimits.MaxNodesPerBrowse); // the 10,000 bulk nodes take 50 calls
        var seen = new HashSet<NodeId> { new(ObjectIds.RootFolder) };
        var frontier = new List<NodeId> { new(ObjectIds.RootFolder) };
        var classes = new Dictionary<NodeClass, int>();
        var references = 0;
        while (frontier.Count > 0)
        {
            var results = await session.BrowseAsync(frontier.Select(ViewServiceExtensions.Forward).ToArray(), maxReferencesPerNode: 100);
            Assert.Equal(frontier.Count, results.Length);
            var next = new List<NodeId>();
            for (var i = 0; i < results.Length; i++)
            {
                Assert.True(results[i].StatusCode.IsGood, $"{frontier[i]}: {results[i].StatusCode}");
                Assert.True(results[i].ContinuationPoint is null or { Length: 0 }, "continuation points were followed");
                foreach (var reference in results[i].References ?? [])
                {
                    references++;
                    if (reference.NodeId.ServerIndex == 0 && seen.Add(reference.NodeId.NodeId))
                    {
                        classes[reference.NodeClass] = classes.GetValueOrDefault(reference.NodeClass) + 1;
                        next.Add(reference.NodeId.NodeId);
                    }
                }
            }

            frontier = next;
        }

        output.WriteLine($"{seen.Count} nodes, {references} references: {string.Join(", ", classes.Select(c => $"{c.Key}={c.Value}"))}");
        // ns=0 alone has thousands of nodes; the test server adds 10,000 bulk variables and Line1.
        Assert.True(seen.Count > ClientTestServerFixture.BulkVariables + 1000, $"only {seen.Count} nodes");
        Assert.Contains(new NodeId(ObjectIds.Server), seen);
        Assert.Contains(new NodeId(VariableIds.Server_ServerStatus_State), seen);
        Assert.Contains(seen, n => n.NamespaceIndex != 0 && n.IdType == NodeIdType.String && n.StringId == "Line1.Machine2.Temperature");
        foreach (var nodeClass in new[] { NodeClass.Object, NodeClass.Variable, NodeClass.ObjectType, NodeClass.VariableType, NodeClass.ReferenceType, NodeClass.DataType, NodeClass.Method })
        {
            Assert.True(classes.GetValueOrDefault(nodeClass) > 0, $"no {nodeClass} found");
        }
    });

    [Fact]
    public Task Reads_every_attribute_of_many_node_kinds() => RunAsync(async session =>
    {
        var ns = Namespace(session);
        (NodeId Node, NodeClass Class)[] nodes =
        [
            (new NodeId(ObjectIds.ObjectsFolder), NodeClass.Object),
            (new NodeId(ObjectIds.Server), NodeClass.Object),
            (new NodeId(VariableIds.Server_ServerStatus), NodeClass.Variable),
            (new NodeId(VariableIds.Server_NamespaceArray), NodeClass.Variable),
            (new NodeId("Line1.Machine1.Temperature", ns), NodeClass.Variable),
            (new NodeId(ObjectTypeIds.BaseObjectType), NodeClass.ObjectType),
            (new NodeId(VariableTypeIds.BaseDataVariableType), NodeClass.VariableType),
            (new NodeId(ReferenceTypeIds.HierarchicalReferences), NodeClass.ReferenceType),
            (new NodeId(DataTypeIds.Double), NodeClass.DataType),
        ];
        var requests = new List<ReadValueId>();
        foreach (var (node, _) in nodes)
        {
            for (uint attribute = 1; attribute <= AttributeIds.AccessLevelEx; attribute++)
            {
                requests.Add(new ReadValueId { NodeId = node, AttributeId = attribute });
            }
        }

        // 243 reads with MaxNodesPerRead 50: five calls, results back in order.
        var results = await session.ReadAsync(requests);
        Assert.Equal(requests.Count, results.Length);
        var good = 0;
        for (var i = 0; i < results.Length; i++)
        {
            var status = results[i].Status;
            Assert.True(status.IsGood || status.Code is StatusCodes.BadAttributeIdInvalid or StatusCodes.BadNotReadable or StatusCodes.BadUserAccessDenied
                    or StatusCodes.BadSecurityModeInsufficient, // node-opcua hides RolePermissions on a None channel
                $"{requests[i].NodeId} attribute {requests[i].AttributeId}: {status}");
            good += status.IsGood ? 1 : 0;
        }

        for (var n = 0; n < nodes.Length; n++)
        {
            var offset = n * (int)AttributeIds.AccessLevelEx;
            Assert.Equal(nodes[n].Node, results[offset + (int)AttributeIds.NodeId - 1].Value.Value);
            Assert.Equal((int)nodes[n].Class, Convert.ToInt32(results[offset + (int)AttributeIds.NodeClass - 1].Value.Value, System.Globalization.CultureInfo.InvariantCulture));
            Assert.IsType<QualifiedName>(results[offset + (int)AttributeIds.BrowseName - 1].Value.Value);
            Assert.IsType<LocalizedText>(results[offset + (int)AttributeIds.DisplayName - 1].Value.Value);
        }

        output.WriteLine($"{good} of {results.Length} attributes readable");
        Assert.True(good > nodes.Length * 6);
    });

    [Fact]
    public Task Operation_limits_split_a_read_of_1000_nodes_into_calls_of_50() => RunAsync(async session =>
    {
        Assert.Equal((uint)ClientTestServerFixture.MaxNodesPerRead, session.OperationLimits.MaxNodesPerRead);
        var ns = Namespace(session);
        var requests = Enumerable.Range(0, 1000).Select(i => new ReadValueId { NodeId = new NodeId($"Bulk.{i}", ns), AttributeId = AttributeIds.NodeId }).ToArray();

        var results = await session.ReadAsync(requests);

        Assert.Equal(1000, results.Length);
        for (var i = 0; i < results.Length; i++)
        {
            Assert.True(results[i].Status.IsGood, $"{i}: {results[i].Status}");
            Assert.Equal(requests[i].NodeId, results[i].Value.Value); // reassembled in request order
        }

        // Without the split node-opcua refuses the call outright.
        var error = await Assert.ThrowsAsync<ServiceResultException>(() => session.CallAsync<ReadResponse>(new ReadRequest { NodesToRead = requests }));
        Assert.Equal(StatusCodes.BadTooManyOperations, error.StatusCode);
    });

    [Fact]
    public Task Writes_and_reads_back() => RunAsync(async session =>
    {
        var node = new NodeId("Writable", Namespace(session));
        var value = Random.Shared.NextDouble() * 1000;

        var status = await session.WriteAsync(node, Variant.From(value));

        Assert.True(status.IsGood, status.ToString());
        var back = await session.ReadAsync(node);
        Assert.Equal(value, back.Value.Value);

        // Writing a read-only attribute is a per-item status, not an exception.
        var refused = await session.WriteAsync([new WriteValue { NodeId = node, AttributeId = AttributeIds.BrowseName, Value = new DataValue { Value = Variant.From("x") } }]);
        Assert.True(refused[0].IsBad, refused[0].ToString());
    });

    [Fact]
    public Task Reads_a_reply_larger_than_1_MB_that_arrives_in_chunks() => RunAsync(async session =>
    {
        var value = await session.ReadAsync(new NodeId("LargeArray", Namespace(session)));

        Assert.True(value.Status.IsGood, value.Status.ToString());
        var strings = Assert.IsType<string?[]>(value.Value.Value);
        Assert.Equal(20_000, strings.Length);
        Assert.Equal($"19999:{new string('x', 64)}", strings[^1]);
        var bytes = strings.Sum(s => s!.Length + 4);
        Assert.True(bytes > 1024 * 1024, $"{bytes} bytes");
    });

    [Fact]
    public Task Translates_browse_paths() => RunAsync(async session =>
    {
        var ns = Namespace(session);
        var path = new BrowsePath
        {
            StartingNode = new NodeId(ObjectIds.ObjectsFolder),
            RelativePath = new RelativePath
            {
                Elements =
                [
                    new RelativePathElement { ReferenceTypeId = new NodeId(ReferenceTypeIds.HierarchicalReferences), IncludeSubtypes = true, TargetName = new QualifiedName(ns, "Line1") },
                    new RelativePathElement { ReferenceTypeId = new NodeId(ReferenceTypeIds.HierarchicalReferences), IncludeSubtypes = true, TargetName = new QualifiedName(ns, "Machine3") },
                ],
            },
        };

        var results = await session.TranslateBrowsePathsAsync([path]);

        var result = Assert.Single(results);
        Assert.True(result.StatusCode.IsGood, result.StatusCode.ToString());
        Assert.Equal(new NodeId("Line1.Machine3", ns), Assert.Single(result.Targets ?? []).TargetId.NodeId);
    });

    private static ushort Namespace(UaSession session)
    {
        for (var i = 0; i < session.NamespaceUris.Count; i++)
        {
            if (session.NamespaceUris[i] == NodeOpcuaServer.NamespaceUri)
            {
                return (ushort)i;
            }
        }

        throw new InvalidOperationException("The test namespace is missing.");
    }

    private async Task RunAsync(Func<UaSession, Task> test)
    {
        await using var session = await UaSession.ConnectAsync(new ClientOptions { EndpointUrl = Server.EndpointUrl }, new TestLogger(output)).WaitAsync(Timeout);
        await test(session).WaitAsync(Timeout);
    }
}
