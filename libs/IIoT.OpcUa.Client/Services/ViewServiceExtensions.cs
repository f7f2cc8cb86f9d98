using IIoT.OpcUa.Stack.Services;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Client;

/// <summary>Browse, BrowseNext and TranslateBrowsePathsToNodeIds (OPC 10000-4 §5.8), split by the operation limits.</summary>
public static class ViewServiceExtensions
{
    /// <summary>
    /// Browses every node and follows continuation points with BrowseNext until each result is complete; the returned
    /// results carry all references and no continuation point. On cancellation or failure the continuation points
    /// still held are released (they are a scarce server resource).
    /// </summary>
    public static Task<BrowseResult[]> BrowseAsync(
        this UaSession session,
        IReadOnlyList<BrowseDescription> nodesToBrowse,
        uint maxReferencesPerNode = 0,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        return OperationBatcher.RunAsync(nodesToBrowse, session.BatchLimit(session.OperationLimits.MaxNodesPerBrowse), async (batch, ct) =>
        {
            var results = await BrowseCompleteAsync(session, batch, maxReferencesPerNode, ct).ConfigureAwait(false);
            if (results is not null && results.Length == batch.Length)
            {
                await RetryStarvedAsync(session, batch, results, maxReferencesPerNode, ct).ConfigureAwait(false);
            }

            return results;
        }, cancellationToken);
    }

    /// <summary>Browses the forward hierarchical references of one node, all of them.</summary>
    public static async Task<ReferenceDescription[]> BrowseAsync(this UaSession session, NodeId nodeId, CancellationToken cancellationToken = default)
    {
        var results = await session.BrowseAsync([Forward(nodeId)], 0, cancellationToken).ConfigureAwait(false);
        var result = results[0];
        if (result.StatusCode.IsBad)
        {
            throw new ServiceResultException(result.StatusCode.Code, $"Browse of {nodeId} failed.");
        }

        return result.References ?? [];
    }

    /// <summary>One BrowseNext call as is (the caller owns the continuation points).</summary>
    public static async Task<BrowseResult[]> BrowseNextAsync(
        this UaSession session, byte[][] continuationPoints, bool releaseContinuationPoints, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        var response = await session.CallAsync<BrowseNextResponse>(new BrowseNextRequest
        {
            ReleaseContinuationPoints = releaseContinuationPoints,
            ContinuationPoints = continuationPoints,
        }, cancellationToken).ConfigureAwait(false);
        return response.Results ?? [];
    }

    public static Task<BrowsePathResult[]> TranslateBrowsePathsAsync(
        this UaSession session, IReadOnlyList<BrowsePath> browsePaths, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        return OperationBatcher.RunAsync(browsePaths, session.BatchLimit(session.OperationLimits.MaxNodesPerTranslateBrowsePathsToNodeIds), async (batch, ct) =>
        {
            var response = await session.CallAsync<TranslateBrowsePathsToNodeIdsResponse>(
                new TranslateBrowsePathsToNodeIdsRequest { BrowsePaths = batch }, ct).ConfigureAwait(false);
            return response.Results;
        }, cancellationToken);
    }

    /// <summary>A description for all forward hierarchical references with every result field.</summary>
    public static BrowseDescription Forward(NodeId nodeId) => new()
    {
        NodeId = nodeId,
        BrowseDirection = BrowseDirection.Forward,
        ReferenceTypeId = new NodeId(ReferenceTypeIds.HierarchicalReferences),
        IncludeSubtypes = true,
        NodeClassMask = 0,
        ResultMask = 0x3F, // OPC 10000-4 §7.6 BrowseResultMask: All
    };

    private static async Task<BrowseResult[]?> BrowseCompleteAsync(
        UaSession session, BrowseDescription[] nodes, uint maxReferencesPerNode, CancellationToken cancellationToken)
    {
        var response = await session.CallAsync<BrowseResponse>(new BrowseRequest
        {
            RequestedMaxReferencesPerNode = maxReferencesPerNode,
            NodesToBrowse = nodes,
        }, cancellationToken).ConfigureAwait(false);
        var results = response.Results;
        if (results is not null && results.Length == nodes.Length)
        {
            await FollowContinuationPointsAsync(session, results, cancellationToken).ConfigureAwait(false);
        }

        return results;
    }

    /// <summary>
    /// A server holds only so many continuation points per session (MaxBrowseContinuationPoints) and answers the nodes
    /// beyond with BadNoContinuationPoints (OPC 10000-4 §5.8.2.2). Once the others were followed to their end their
    /// points are free again, so those nodes are browsed anew, round after round, as long as each round gets further.
    /// </summary>
    private static async Task RetryStarvedAsync(
        UaSession session, BrowseDescription[] batch, BrowseResult[] results, uint maxReferencesPerNode, CancellationToken cancellationToken)
    {
        while (true)
        {
            var starved = new List<int>();
            for (var i = 0; i < results.Length; i++)
            {
                if (results[i].StatusCode.Code == StatusCodes.BadNoContinuationPoints)
                {
                    starved.Add(i);
                }
            }

            if (starved.Count == 0)
            {
                return;
            }

            var retried = await BrowseCompleteAsync(session, starved.Select(i => batch[i]).ToArray(), maxReferencesPerNode, cancellationToken)
                .ConfigureAwait(false);
            if (retried is null || retried.Length != starved.Count)
            {
                return; // the caller's length check reports a malformed answer; here the first results stand
            }

            var progress = false;
            for (var k = 0; k < starved.Count; k++)
            {
                results[starved[k]] = retried[k];
                progress |= retried[k].StatusCode.Code != StatusCodes.BadNoContinuationPoints;
            }

            if (!progress)
            {
                return; // the points are held elsewhere (another browse of this session): the status stands
            }
        }
    }

    private static async Task FollowContinuationPointsAsync(UaSession session, BrowseResult[] results, CancellationToken cancellationToken)
    {
        var pending = new List<int>();
        for (var i = 0; i < results.Length; i++)
        {
            if (results[i].ContinuationPoint is { Length: > 0 })
            {
                pending.Add(i);
            }
        }

        var done = false;
        try
        {
            while (pending.Count > 0)
            {
                var points = new byte[pending.Count][];
                for (var i = 0; i < pending.Count; i++)
                {
                    points[i] = results[pending[i]].ContinuationPoint!;
                }

                var next = await session.BrowseNextAsync(points, false, cancellationToken).ConfigureAwait(false);
                if (next.Length != points.Length)
                {
                    throw new ServiceResultException(StatusCodes.BadUnexpectedError, $"BrowseNext answered {next.Length} results for {points.Length}.");
                }

                var still = new List<int>();
                for (var i = 0; i < next.Length; i++)
                {
                    var target = results[pending[i]];
                    target.ContinuationPoint = next[i].ContinuationPoint;
                    if (next[i].StatusCode.IsBad)
                    {
                        target.StatusCode = next[i].StatusCode;
                        target.ContinuationPoint = null;
                        continue;
                    }

                    target.References = Concat(target.References, next[i].References);
                    if (next[i].ContinuationPoint is { Length: > 0 })
                    {
                        still.Add(pending[i]);
                    }
                }

                pending = still;
            }

            done = true;
        }
        finally
        {
            if (!done)
            {
                await ReleaseAsync(session, results, pending).ConfigureAwait(false);
            }
        }
    }

    private static async Task ReleaseAsync(UaSession session, BrowseResult[] results, List<int> pending)
    {
        if (pending.Count == 0)
        {
            return;
        }

        var points = new byte[pending.Count][];
        for (var i = 0; i < pending.Count; i++)
        {
            points[i] = results[pending[i]].ContinuationPoint ?? [];
        }

        try
        {
            // The caller's token is already cancelled; the release gets a short budget of its own.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await session.BrowseNextAsync(points, true, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ServiceResultException or OperationCanceledException)
        {
            // Best effort: the server frees them with the session anyway.
        }
    }

    private static ReferenceDescription[] Concat(ReferenceDescription[]? first, ReferenceDescription[]? second)
    {
        if (first is null || first.Length == 0)
        {
            return second ?? [];
        }

        if (second is null || second.Length == 0)
        {
            return first;
        }

        var all = new ReferenceDescription[first.Length + second.Length];
        first.CopyTo(all, 0);
        second.CopyTo(all, first.Length);
        return all;
    }
}
