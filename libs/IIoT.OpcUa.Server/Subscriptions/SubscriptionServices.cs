using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Server.Subscriptions;

/// <summary>Glue: the Subscription and MonitoredItem service sets of an engine, ready for a service table.</summary>
public static class SubscriptionServices
{
    /// <summary>
    /// Registers the 12 services: the Subscription set (incl. Publish, Republish, TransferSubscriptions) and the MonitoredItem set. <paramref name="sameUser"/>
    /// (target session id, owner session id) guards TransferSubscriptions (§5.13.7); null allows every transfer.
    /// </summary>
    public static void RegisterAll(SubscriptionEngine engine, ISubscriptionServiceRegistry registry, Func<NodeId, NodeId, bool>? sameUser = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(registry);
        registry.Register<CreateSubscriptionRequest>(CreateSubscriptionRequest.BinaryEncodingId, (s, r, _) => Done(engine.CreateSubscription(s, r)));
        registry.Register<ModifySubscriptionRequest>(ModifySubscriptionRequest.BinaryEncodingId, (s, r, _) => Done(engine.ModifySubscription(s, r)));
        registry.Register<SetPublishingModeRequest>(SetPublishingModeRequest.BinaryEncodingId, (s, r, _) => Done(engine.SetPublishingMode(s, r)));
        registry.Register<DeleteSubscriptionsRequest>(DeleteSubscriptionsRequest.BinaryEncodingId, (s, r, _) => Done(engine.DeleteSubscriptions(s, r)));
        registry.Register<CreateMonitoredItemsRequest>(CreateMonitoredItemsRequest.BinaryEncodingId, (s, r, _) => Done(engine.CreateMonitoredItems(s, r)));
        registry.Register<ModifyMonitoredItemsRequest>(ModifyMonitoredItemsRequest.BinaryEncodingId, (s, r, _) => Done(engine.ModifyMonitoredItems(s, r)));
        registry.Register<SetMonitoringModeRequest>(SetMonitoringModeRequest.BinaryEncodingId, (s, r, _) => Done(engine.SetMonitoringMode(s, r)));
        registry.Register<DeleteMonitoredItemsRequest>(DeleteMonitoredItemsRequest.BinaryEncodingId, (s, r, _) => Done(engine.DeleteMonitoredItems(s, r)));
        registry.Register<SetTriggeringRequest>(SetTriggeringRequest.BinaryEncodingId, (s, r, _) => Done(engine.SetTriggering(s, r)));
        registry.Register<PublishRequest>(PublishRequest.BinaryEncodingId, (s, r, ct) => PublishAsync(engine, s, r, ct));
        registry.Register<RepublishRequest>(RepublishRequest.BinaryEncodingId, (s, r, _) => Done(engine.Republish(s, r)));
        registry.Register<TransferSubscriptionsRequest>(TransferSubscriptionsRequest.BinaryEncodingId, (s, r, _) =>
            Done(engine.TransferSubscriptions(s, r, sameUser is null ? null : owner => sameUser(s, owner))));
    }

    private static ValueTask<IServiceResponse> Done(IServiceResponse response) => ValueTask.FromResult(response);

    private static async ValueTask<IServiceResponse> PublishAsync(SubscriptionEngine engine, NodeId session, PublishRequest request, CancellationToken ct) =>
        await engine.PublishAsync(session, request, ct).ConfigureAwait(false);
}
