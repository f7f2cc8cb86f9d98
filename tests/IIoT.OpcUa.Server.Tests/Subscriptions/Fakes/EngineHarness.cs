using IIoT.OpcUa.Stack.Services;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Server.Subscriptions.Tests.Fakes;

/// <summary>An engine on a manual clock and an in-memory node source, with short-hand calls for the tests.</summary>
internal sealed class EngineHarness : IAsyncDisposable
{
    public static readonly NodeId SessionA = new("session-a", 1);
    public static readonly NodeId SessionB = new("session-b", 1);

    public EngineHarness(SubscriptionEngineOptions? options = null)
    {
        Options = options ?? new SubscriptionEngineOptions { MinPublishingInterval = 10, MinSamplingInterval = 10 };
        Engine = new SubscriptionEngine(Source, Options, Clock);
    }

    public ManualTimeProvider Clock { get; } = new();

    public FakeNodeSource Source { get; } = new();

    public SubscriptionEngineOptions Options { get; }

    public SubscriptionEngine Engine { get; }

    public CreateSubscriptionResponse CreateSubscription(NodeId session, double interval = 100, uint keepAlive = 10, uint lifetime = 30, uint maxNotifications = 0) =>
        Engine.CreateSubscription(session, new CreateSubscriptionRequest
        {
            RequestedPublishingInterval = interval,
            RequestedMaxKeepAliveCount = keepAlive,
            RequestedLifetimeCount = lifetime,
            MaxNotificationsPerPublish = maxNotifications,
            PublishingEnabled = true,
        });

    public uint Subscribe(NodeId session, double interval = 100, uint keepAlive = 10, uint lifetime = 30, uint maxNotifications = 0)
    {
        var response = CreateSubscription(session, interval, keepAlive, lifetime, maxNotifications);
        Assert.Equal(StatusCodes.Good, response.ResponseHeader.ServiceResult.Code);
        return response.SubscriptionId;
    }

    public static MonitoredItemCreateRequest Item(NodeId node, uint clientHandle, double samplingInterval = 10, uint queueSize = 1,
        bool discardOldest = true, DataChangeFilter? filter = null, MonitoringMode mode = MonitoringMode.Reporting) => new()
    {
        ItemToMonitor = new ReadValueId { NodeId = node, AttributeId = AttributeIds.Value },
        MonitoringMode = mode,
        RequestedParameters = new MonitoringParameters
        {
            ClientHandle = clientHandle,
            SamplingInterval = samplingInterval,
            QueueSize = queueSize,
            DiscardOldest = discardOldest,
            Filter = filter is null ? ExtensionObject.Null : ExtensionObjects.Wrap(filter),
        },
    };

    public MonitoredItemCreateResult[] CreateItems(NodeId session, uint subscriptionId, params MonitoredItemCreateRequest[] items)
    {
        var response = Engine.CreateMonitoredItems(session, new CreateMonitoredItemsRequest
        {
            SubscriptionId = subscriptionId,
            TimestampsToReturn = TimestampsToReturn.Both,
            ItemsToCreate = items,
        });
        Assert.Equal(StatusCodes.Good, response.ResponseHeader.ServiceResult.Code);
        Assert.Equal(items.Length, response.Results!.Length);
        return response.Results;
    }

    public Task<PublishResponse> Publish(NodeId session, uint timeoutHint = 0, CancellationToken ct = default, params SubscriptionAcknowledgement[] acks) =>
        Engine.PublishAsync(session, new PublishRequest
        {
            RequestHeader = new RequestHeader { TimeoutHint = timeoutHint },
            SubscriptionAcknowledgements = acks,
        }, ct).AsTask();

    public static SubscriptionAcknowledgement Ack(uint subscriptionId, uint sequenceNumber) => new() { SubscriptionId = subscriptionId, SequenceNumber = sequenceNumber };

    /// <summary>The response of a Publish that must already be complete (the clock drives everything synchronously).</summary>
    public static PublishResponse Done(Task<PublishResponse> publish)
    {
        Assert.True(publish.IsCompleted, "The Publish request should have been answered by now.");
        return publish.Result;
    }

    public static bool IsKeepAlive(PublishResponse response) => response.NotificationMessage.NotificationData is null or { Length: 0 };

    public static MonitoredItemNotification[] DataChanges(PublishResponse response)
    {
        var result = new List<MonitoredItemNotification>();
        foreach (var data in response.NotificationMessage.NotificationData ?? [])
        {
            if (ExtensionObjects.TryUnwrap<DataChangeNotification>(data, DataChangeNotification.BinaryEncodingId, out var change))
                result.AddRange(change!.MonitoredItems ?? []);
        }
        return [.. result];
    }

    public static StatusChangeNotification? StatusChange(PublishResponse response)
    {
        foreach (var data in response.NotificationMessage.NotificationData ?? [])
        {
            if (ExtensionObjects.TryUnwrap<StatusChangeNotification>(data, StatusChangeNotification.BinaryEncodingId, out var change)) return change;
        }
        return null;
    }

    public ValueTask DisposeAsync() => Engine.DisposeAsync();
}
