using IIoT.OpcUa.Server.Tests.Kit;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Server.Tests.Services;

public sealed class ViewServiceSetTests
{
    private static readonly NodeId Hierarchical = new(ReferenceTypeIds.HierarchicalReferences);

    [Fact]
    public Task Browse_Root_lists_Objects_Types_and_Views_with_all_result_fields() => Run(async client =>
    {
        var result = await BrowseAsync(client, new NodeId(ObjectIds.RootFolder));

        Assert.Equal(StatusCodes.Good, result.StatusCode.Code);
        Assert.Equal(["Objects", "Types", "Views"], result.References!.Select(r => r.BrowseName.Name));
        var objects = result.References![0];
        Assert.Equal(new NodeId(ReferenceTypeIds.Organizes), objects.ReferenceTypeId);
        Assert.True(objects.IsForward);
        Assert.Equal(NodeClass.Object, objects.NodeClass);
        Assert.Equal("Objects", objects.DisplayName.Text);
        Assert.Equal(new NodeId(ObjectTypeIds.FolderType), objects.TypeDefinition.NodeId);
    });

    [Fact]
    public Task Browse_filters_by_direction_reference_type_subtypes_and_node_class() => Run(async client =>
    {
        var machine = TestServer.Machine;

        var components = await BrowseAsync(client, machine, referenceType: new NodeId(ReferenceTypeIds.HasComponent), includeSubtypes: false);
        var children = await BrowseAsync(client, machine, referenceType: new NodeId(ReferenceTypeIds.HasChild));
        var objectsOnly = await BrowseAsync(client, TestServer.Line, nodeClassMask: (uint)NodeClass.Variable);
        var inverse = await BrowseAsync(client, machine, direction: BrowseDirection.Inverse);
        var temperatureProperties = await BrowseAsync(client, TestServer.Temperature, referenceType: new NodeId(ReferenceTypeIds.HasProperty));

        Assert.Equal(["Counter", "Name", "Samples", "Secret", "Temperature"], components.References!.Select(r => r.BrowseName.Name).Order());
        Assert.Equal(5, children.References!.Length);
        Assert.Empty(objectsOnly.References!);
        var parent = Assert.Single(inverse.References!);
        Assert.Equal(TestServer.Line, parent.NodeId.NodeId);
        Assert.False(parent.IsForward);
        Assert.Equal(new QualifiedName(0, "EURange"), Assert.Single(temperatureProperties.References!).BrowseName);
    });

    [Fact]
    public Task Browse_with_a_small_maximum_returns_continuation_points_that_BrowseNext_follows_to_the_same_references() => Run(async client =>
    {
        var all = await BrowseAsync(client, new NodeId(ObjectIds.Server), referenceType: new NodeId(ReferenceTypeIds.References));
        var first = await BrowseAsync(client, new NodeId(ObjectIds.Server), referenceType: new NodeId(ReferenceTypeIds.References), max: 2);
        var collected = first.References!.ToList();
        var point = first.ContinuationPoint;
        var calls = 0;
        while (point is { Length: > 0 })
        {
            var next = await client.CallAsync<BrowseNextResponse>(new BrowseNextRequest { ContinuationPoints = [point] });
            var result = Assert.Single(next.Results!);
            Assert.Equal(StatusCodes.Good, result.StatusCode.Code);
            Assert.True(result.References!.Length <= 2);
            collected.AddRange(result.References!);
            point = result.ContinuationPoint;
            calls++;
        }

        Assert.True(all.References!.Length > 4);
        Assert.Equal((all.References!.Length - 1) / 2, calls);
        Assert.Equal(all.References!.Select(r => r.NodeId.NodeId), collected.Select(r => r.NodeId.NodeId));
    });

    [Fact]
    public Task Folder_with_more_children_than_the_servers_page_size_is_returned_in_pages() => Run(async client =>
    {
        var first = await BrowseAsync(client, TestServer.Id("Big"));
        var count = first.References!.Length;
        var point = first.ContinuationPoint;
        while (point is { Length: > 0 })
        {
            var next = await client.CallAsync<BrowseNextResponse>(new BrowseNextRequest { ContinuationPoints = [point] });
            Assert.True(next.Results![0].References!.Length <= 500);
            count += next.Results![0].References!.Length;
            point = next.Results![0].ContinuationPoint;
        }

        Assert.Equal(500, first.References!.Length);
        Assert.Equal(5_000, count);
    }, TestServer.Options(maxReferencesPerNode: 500), space =>
    {
        var big = space.AddFolder(new NodeId(ObjectIds.ObjectsFolder), TestServer.Id("Big"), "Big");
        for (var i = 0; i < 5_000; i++)
        {
            space.AddVariable(big.NodeId, TestServer.Id($"Big.{i}"), $"V{i}", new VariableOptions { InitialValue = Variant.From((double)i) });
        }
    });

    [Fact]
    public Task BrowseNext_with_release_frees_the_point_and_a_used_point_is_invalid() => Run(async client =>
    {
        var first = await BrowseAsync(client, new NodeId(ObjectIds.Server), max: 1);

        var released = await client.CallAsync<BrowseNextResponse>(new BrowseNextRequest { ReleaseContinuationPoints = true, ContinuationPoints = [first.ContinuationPoint] });
        var again = await client.CallAsync<BrowseNextResponse>(new BrowseNextRequest { ContinuationPoints = [first.ContinuationPoint] });
        var garbage = await client.CallAsync<BrowseNextResponse>(new BrowseNextRequest { ContinuationPoints = [[1, 2, 3]] });

        Assert.Equal(StatusCodes.Good, released.Results![0].StatusCode.Code);
        Assert.Empty(released.Results![0].References!);
        Assert.Equal(StatusCodes.BadContinuationPointInvalid, again.Results![0].StatusCode.Code);
        Assert.Equal(StatusCodes.BadContinuationPointInvalid, garbage.Results![0].StatusCode.Code);
    });

    [Fact]
    public Task Browse_beyond_the_sessions_continuation_points_gets_BadNoContinuationPoints() => Run(async client =>
    {
        var nodes = Enumerable.Range(0, 3).Select(_ => new BrowseDescription
        {
            NodeId = new NodeId(ObjectIds.Server),
            BrowseDirection = BrowseDirection.Both,
            ResultMask = 63,
        }).ToArray();

        var response = await client.CallAsync<BrowseResponse>(new BrowseRequest { RequestedMaxReferencesPerNode = 1, NodesToBrowse = nodes });

        Assert.Equal(StatusCodes.Good, response.Results![0].StatusCode.Code);
        Assert.Equal(StatusCodes.Good, response.Results![1].StatusCode.Code);
        Assert.Equal(StatusCodes.BadNoContinuationPoints, response.Results![2].StatusCode.Code);
    }, TestServer.Options(maxBrowseContinuationPoints: 2));

    [Fact]
    public Task Browse_reports_unknown_nodes_and_reference_types_and_bad_directions_per_node() => Run(async client =>
    {
        var response = await client.CallAsync<BrowseResponse>(new BrowseRequest
        {
            NodesToBrowse =
            [
                new BrowseDescription { NodeId = new NodeId("nope", 2) },
                new BrowseDescription { NodeId = TestServer.Machine, ReferenceTypeId = TestServer.Counter },
                new BrowseDescription { NodeId = TestServer.Machine, BrowseDirection = BrowseDirection.Invalid },
            ],
        });

        Assert.Equal(
            [StatusCodes.BadNodeIdUnknown, StatusCodes.BadReferenceTypeIdInvalid, StatusCodes.BadBrowseDirectionInvalid],
            response.Results!.Select(r => r.StatusCode.Code));
    });

    [Fact]
    public Task Browse_of_an_empty_list_or_over_the_limit_is_refused() => Run(async client =>
    {
        var empty = await client.ServiceResultAsync(new BrowseRequest { NodesToBrowse = [] });
        var tooMany = await client.ServiceResultAsync(new BrowseRequest
        {
            NodesToBrowse = Enumerable.Range(0, 4).Select(_ => new BrowseDescription { NodeId = new NodeId(ObjectIds.RootFolder) }).ToArray(),
        });

        Assert.Equal(StatusCodes.BadNothingToDo, empty);
        Assert.Equal(StatusCodes.BadTooManyOperations, tooMany);
    }, TestServer.Options(maxNodesPerBrowse: 3));

    [Fact]
    public Task TranslateBrowsePaths_resolves_paths_and_reports_no_match_and_invalid_names() => Run(async client =>
    {
        static RelativePathElement Step(ushort ns, string name) => new() { ReferenceTypeId = Hierarchical, IncludeSubtypes = true, TargetName = new QualifiedName(ns, name) };
        var response = await client.CallAsync<TranslateBrowsePathsToNodeIdsResponse>(new TranslateBrowsePathsToNodeIdsRequest
        {
            BrowsePaths =
            [
                new BrowsePath { StartingNode = new NodeId(ObjectIds.ObjectsFolder), RelativePath = new RelativePath { Elements = [Step(0, "Server"), Step(0, "ServerStatus"), Step(0, "CurrentTime")] } },
                new BrowsePath { StartingNode = new NodeId(ObjectIds.ObjectsFolder), RelativePath = new RelativePath { Elements = [Step(2, "Line1"), Step(2, "Machine1"), Step(2, "Temperature")] } },
                new BrowsePath { StartingNode = new NodeId(ObjectIds.ObjectsFolder), RelativePath = new RelativePath { Elements = [Step(2, "Line9")] } },
                new BrowsePath { StartingNode = new NodeId(ObjectIds.ObjectsFolder), RelativePath = new RelativePath { Elements = [Step(0, "")] } },
                new BrowsePath { StartingNode = new NodeId(ObjectIds.ObjectsFolder), RelativePath = new RelativePath { Elements = [] } },
                new BrowsePath { StartingNode = new NodeId("nope", 2), RelativePath = new RelativePath { Elements = [Step(0, "Server")] } },
            ],
        });

        var results = response.Results!;
        Assert.Equal(new NodeId(VariableIds.Server_ServerStatus_CurrentTime), Assert.Single(results[0].Targets!).TargetId.NodeId);
        Assert.Equal(uint.MaxValue, results[0].Targets![0].RemainingPathIndex);
        Assert.Equal(TestServer.Temperature, Assert.Single(results[1].Targets!).TargetId.NodeId);
        Assert.Equal(
            [StatusCodes.BadNoMatch, StatusCodes.BadBrowseNameInvalid, StatusCodes.BadNothingToDo, StatusCodes.BadNodeIdUnknown],
            results.Skip(2).Select(r => r.StatusCode.Code));
    });

    [Fact]
    public Task RegisterNodes_returns_the_same_ids_and_UnregisterNodes_succeeds() => Run(async client =>
    {
        var registered = await client.CallAsync<RegisterNodesResponse>(new RegisterNodesRequest { NodesToRegister = [TestServer.Temperature, TestServer.Counter] });
        var unregister = await client.ServiceResultAsync(new UnregisterNodesRequest { NodesToUnregister = registered.RegisteredNodeIds });

        Assert.Equal([TestServer.Temperature, TestServer.Counter], registered.RegisteredNodeIds!);
        Assert.Equal(StatusCodes.Good, unregister);
    });

    private static async Task<BrowseResult> BrowseAsync(UaTestClient client, NodeId nodeId, NodeId? referenceType = null, bool includeSubtypes = true,
        BrowseDirection direction = BrowseDirection.Forward, uint nodeClassMask = 0, uint max = 0)
    {
        var response = await client.CallAsync<BrowseResponse>(new BrowseRequest
        {
            RequestedMaxReferencesPerNode = max,
            NodesToBrowse =
            [
                new BrowseDescription
                {
                    NodeId = nodeId,
                    BrowseDirection = direction,
                    ReferenceTypeId = referenceType ?? Hierarchical,
                    IncludeSubtypes = includeSubtypes,
                    NodeClassMask = nodeClassMask,
                    ResultMask = 63,
                },
            ],
        });
        return Assert.Single(response.Results!);
    }

    private static Task Run(Func<UaTestClient, Task> test, OpcUaServerOptions? options = null, Action<Server.AddressSpace>? build = null) =>
        RunCore(test, options, build).WaitAsync(TimeSpan.FromSeconds(30));

    private static async Task RunCore(Func<UaTestClient, Task> test, OpcUaServerOptions? options, Action<Server.AddressSpace>? build)
    {
        await using var server = await TestServer.StartAsync(options, build: build);
        await using var client = await UaTestClient.ConnectWithSessionAsync(server);
        await test(client);
    }
}
