using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Client;

/// <summary>Read and Write (OPC 10000-4 §5.10), split by the session's operation limits.</summary>
public static class AttributeServiceExtensions
{
    /// <summary>Reads every node/attribute; results in request order, one per item (a per-item Bad status is not thrown).</summary>
    public static Task<DataValue[]> ReadAsync(
        this UaSession session,
        IReadOnlyList<ReadValueId> nodesToRead,
        TimestampsToReturn timestamps = TimestampsToReturn.Both,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        return OperationBatcher.RunAsync(nodesToRead, session.BatchLimit(session.OperationLimits.MaxNodesPerRead), async (batch, ct) =>
        {
            var response = await session.CallAsync<ReadResponse>(new ReadRequest
            {
                MaxAge = 0,
                TimestampsToReturn = timestamps,
                NodesToRead = batch,
            }, ct).ConfigureAwait(false);
            return response.Results;
        }, cancellationToken);
    }

    /// <summary>Reads one attribute (Value by default) of one node.</summary>
    public static async Task<DataValue> ReadAsync(this UaSession session, NodeId nodeId, uint attributeId = AttributeIds.Value, CancellationToken cancellationToken = default)
    {
        var results = await session.ReadAsync([new ReadValueId { NodeId = nodeId, AttributeId = attributeId }], TimestampsToReturn.Both, cancellationToken)
            .ConfigureAwait(false);
        return results[0];
    }

    /// <summary>Writes every value; per-item status codes in request order.</summary>
    public static Task<StatusCode[]> WriteAsync(this UaSession session, IReadOnlyList<WriteValue> nodesToWrite, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        return OperationBatcher.RunAsync(nodesToWrite, session.BatchLimit(session.OperationLimits.MaxNodesPerWrite), async (batch, ct) =>
        {
            var response = await session.CallAsync<WriteResponse>(new WriteRequest { NodesToWrite = batch }, ct).ConfigureAwait(false);
            return response.Results;
        }, cancellationToken);
    }

    /// <summary>Writes the Value attribute of one node.</summary>
    public static async Task<StatusCode> WriteAsync(this UaSession session, NodeId nodeId, Variant value, CancellationToken cancellationToken = default)
    {
        var results = await session.WriteAsync([new WriteValue { NodeId = nodeId, AttributeId = AttributeIds.Value, Value = new DataValue { Value = value } }], cancellationToken)
            .ConfigureAwait(false);
        return results[0];
    }
}
