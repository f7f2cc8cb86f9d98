using IIoT.OpcUa.Stack.Services;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Server;

/// <summary>
/// View services (OPC 10000-4 §5.8): Browse with continuation points, BrowseNext, TranslateBrowsePathsToNodeIds,
/// RegisterNodes and UnregisterNodes (which only echo: every node id is already as fast as it gets).
/// </summary>
internal sealed class ViewServiceSet(OpcUaServerOptions options, AddressSpace space)
{
    public void Register(ServiceTable table)
    {
        table.Register<BrowseRequest>(BrowseRequest.BinaryEncodingId, Browse, requiresSession: true);
        table.Register<BrowseNextRequest>(BrowseNextRequest.BinaryEncodingId, BrowseNext, requiresSession: true);
        table.Register<TranslateBrowsePathsToNodeIdsRequest>(TranslateBrowsePathsToNodeIdsRequest.BinaryEncodingId, Translate, requiresSession: true);
        table.Register<RegisterNodesRequest>(RegisterNodesRequest.BinaryEncodingId, RegisterNodes, requiresSession: true);
        table.Register<UnregisterNodesRequest>(UnregisterNodesRequest.BinaryEncodingId, UnregisterNodes, requiresSession: true);
    }

    private ValueTask<IServiceResponse> Browse(ServiceContext context, BrowseRequest request, CancellationToken cancellationToken)
    {
        var nodes = request.NodesToBrowse ?? [];
        OperationCount.Check(nodes.Length, options.MaxNodesPerBrowse);
        if (!request.View.ViewId.IsNull)
        {
            throw new ServiceResultException(StatusCodes.BadViewIdUnknown); // This server has no views.
        }

        var max = request.RequestedMaxReferencesPerNode;
        if (max == 0 || (options.MaxReferencesPerNode != 0 && max > options.MaxReferencesPerNode))
        {
            max = options.MaxReferencesPerNode;
        }

        var session = context.RequiredSession;
        var results = new BrowseResult[nodes.Length];
        for (var i = 0; i < nodes.Length; i++)
        {
            var status = ReferenceBrowser.Browse(space, nodes[i], out var references);
            results[i] = status != StatusCodes.Good
                ? new BrowseResult { StatusCode = status, References = [] }
                : Page(session, references, 0, max);
        }

        return ValueTask.FromResult<IServiceResponse>(new BrowseResponse { Results = results, DiagnosticInfos = [] });
    }

    private ValueTask<IServiceResponse> BrowseNext(ServiceContext context, BrowseNextRequest request, CancellationToken cancellationToken)
    {
        var points = request.ContinuationPoints ?? [];
        OperationCount.Check(points.Length, options.MaxNodesPerBrowse);
        var session = context.RequiredSession;
        var results = new BrowseResult[points.Length];
        for (var i = 0; i < points.Length; i++)
        {
            var continuation = session.ContinuationPoints.Take(points[i]);
            results[i] = continuation is null ? new BrowseResult { StatusCode = StatusCodes.BadContinuationPointInvalid, References = [] }
                : request.ReleaseContinuationPoints ? new BrowseResult { References = [] }
                : Page(session, continuation.References, continuation.Offset, continuation.MaxReferences);
        }

        return ValueTask.FromResult<IServiceResponse>(new BrowseNextResponse { Results = results, DiagnosticInfos = [] });
    }

    private static BrowseResult Page(ServerSession session, ReferenceDescription[] references, int offset, uint max)
    {
        var remaining = references.Length - offset;
        if (max == 0 || remaining <= max)
        {
            return new BrowseResult { References = offset == 0 ? references : references[offset..] };
        }

        var point = session.ContinuationPoints.TryAdd(new BrowseContinuation(references, offset + (int)max, max));
        if (point is null)
        {
            // §5.8.2: the session holds all the continuation points it may; the client must release some.
            return new BrowseResult { StatusCode = StatusCodes.BadNoContinuationPoints, References = [] };
        }

        return new BrowseResult { References = references[offset..(offset + (int)max)], ContinuationPoint = point };
    }

    private ValueTask<IServiceResponse> Translate(ServiceContext context, TranslateBrowsePathsToNodeIdsRequest request, CancellationToken cancellationToken)
    {
        var paths = request.BrowsePaths ?? [];
        OperationCount.Check(paths.Length, options.MaxNodesPerTranslateBrowsePathsToNodeIds);
        var results = new BrowsePathResult[paths.Length];
        for (var i = 0; i < paths.Length; i++)
        {
            results[i] = TranslateOne(paths[i]);
        }

        return ValueTask.FromResult<IServiceResponse>(new TranslateBrowsePathsToNodeIdsResponse { Results = results, DiagnosticInfos = [] });
    }

    private BrowsePathResult TranslateOne(BrowsePath path)
    {
        var elements = path.RelativePath.Elements ?? [];
        if (space.Find(path.StartingNode) is null)
        {
            return new BrowsePathResult { StatusCode = StatusCodes.BadNodeIdUnknown, Targets = [] };
        }

        if (elements.Length == 0)
        {
            return new BrowsePathResult { StatusCode = StatusCodes.BadNothingToDo, Targets = [] };
        }

        foreach (var element in elements)
        {
            if (string.IsNullOrEmpty(element.TargetName.Name))
            {
                return new BrowsePathResult { StatusCode = StatusCodes.BadBrowseNameInvalid, Targets = [] };
            }
        }

        var current = new List<NodeId> { path.StartingNode };
        foreach (var element in elements)
        {
            var next = new List<NodeId>();
            var direction = element.IsInverse ? BrowseDirection.Inverse : BrowseDirection.Forward;
            var type = element.ReferenceTypeId.IsNull ? null : element.ReferenceTypeId;
            foreach (var id in current)
            {
                foreach (var reference in space.Find(id)!.GetReferences())
                {
                    if (ReferenceBrowser.Matches(space, reference, direction, type, element.IncludeSubtypes)
                        && space.Find(reference.TargetId) is { } target
                        && target.BrowseName.NamespaceIndex == element.TargetName.NamespaceIndex
                        && target.BrowseName.Name == element.TargetName.Name
                        && !next.Contains(target.NodeId))
                    {
                        next.Add(target.NodeId);
                    }
                }
            }

            if (next.Count == 0)
            {
                return new BrowsePathResult { StatusCode = StatusCodes.BadNoMatch, Targets = [] };
            }

            current = next;
        }

        var targets = new BrowsePathTarget[current.Count];
        for (var i = 0; i < targets.Length; i++)
        {
            // §7.3: uint.MaxValue = the whole path was resolved in this server.
            targets[i] = new BrowsePathTarget { TargetId = new ExpandedNodeId(current[i]), RemainingPathIndex = uint.MaxValue };
        }

        return new BrowsePathResult { Targets = targets };
    }

    private ValueTask<IServiceResponse> RegisterNodes(ServiceContext context, RegisterNodesRequest request, CancellationToken cancellationToken)
    {
        var nodes = request.NodesToRegister ?? [];
        OperationCount.Check(nodes.Length, options.MaxNodesPerRegisterNodes);
        return ValueTask.FromResult<IServiceResponse>(new RegisterNodesResponse { RegisteredNodeIds = nodes });
    }

    private ValueTask<IServiceResponse> UnregisterNodes(ServiceContext context, UnregisterNodesRequest request, CancellationToken cancellationToken)
    {
        OperationCount.Check((request.NodesToUnregister ?? []).Length, options.MaxNodesPerRegisterNodes);
        return ValueTask.FromResult<IServiceResponse>(new UnregisterNodesResponse());
    }
}
