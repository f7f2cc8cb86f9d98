using IIoT.OpcUa.Stack.Services;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Client;

/// <summary>
/// CreateMonitoredItems split by MaxMonitoredItemsPerCall (OPC 10000-4 §5.12.2). Each item ends Active or Failed with
/// its status: results are applied batch by batch, and a call that fails marks the items it carried (and those after
/// it) Failed with the call's status instead of dropping them.
/// </summary>
internal static class MonitoredItemCreation
{
    public static async Task CreateAsync(UaSession session, uint subscriptionId, IReadOnlyList<MonitoredItem> items, CancellationToken cancellationToken)
    {
        var requests = new MonitoredItemCreateRequest[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            items[i].State = MonitoredItemState.Pending;
            requests[i] = items[i].ToCreateRequest();
        }

        try
        {
            await OperationBatcher.RunAsync(requests, session.BatchLimit(session.OperationLimits.MaxMonitoredItemsPerCall), async (batch, ct) =>
            {
                var response = await session.CallAsync<CreateMonitoredItemsResponse>(new CreateMonitoredItemsRequest
                {
                    SubscriptionId = subscriptionId,
                    TimestampsToReturn = TimestampsToReturn.Both,
                    ItemsToCreate = batch,
                }, ct).ConfigureAwait(false);
                return response.Results;
            }, cancellationToken, (offset, results) =>
            {
                for (var i = 0; i < results.Length; i++)
                {
                    items[offset + i].Apply(results[i]);
                }
            }).ConfigureAwait(false);
        }
        catch (ServiceResultException e)
        {
            var failed = 0;
            foreach (var item in items)
            {
                if (item.State == MonitoredItemState.Pending)
                {
                    item.Fail(e.StatusCode);
                    failed++;
                }
            }

            session.Logger.MonitoredItemsFailed(subscriptionId, failed, e.StatusName);
        }
    }
}
