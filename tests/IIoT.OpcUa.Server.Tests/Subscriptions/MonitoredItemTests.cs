using IIoT.OpcUa.Server.Subscriptions.Tests.Fakes;
using IIoT.OpcUa.Stack.Services;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;
using static IIoT.OpcUa.Server.Subscriptions.Tests.Fakes.EngineHarness;
using Range = IIoT.OpcUa.Types.Structures.Range;

namespace IIoT.OpcUa.Server.Subscriptions.Tests;

public sealed class MonitoredItemTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task The_first_sample_is_reported_in_the_first_publishing_cycle()
    {
        await using var h = new EngineHarness();
        var sub = h.Subscribe(SessionA, interval: 100);
        var node = h.Source.Add(new NodeId("temp", 2), 21.5);
        var created = h.CreateItems(SessionA, sub, Item(node, clientHandle: 7));
        Assert.Equal(StatusCodes.Good, created[0].StatusCode.Code);

        var publish = h.Publish(SessionA);
        h.Clock.AdvanceMs(99);
        Assert.False(publish.IsCompleted);
        h.Clock.AdvanceMs(1);

        var response = await publish.WaitAsync(Timeout);
        var change = Assert.Single(DataChanges(response));
        Assert.Equal(7u, change.ClientHandle);
        Assert.Equal(21.5, change.Value.Value.Value);
        Assert.Equal(1u, response.NotificationMessage.SequenceNumber);
        Assert.Equal(sub, response.SubscriptionId);
        Assert.False(change.Value.ServerTimestamp.IsMinValue); // TimestampsToReturn.Both
    }

    [Fact]
    public async Task Sampling_interval_and_queue_size_are_revised_and_every_item_gets_a_result()
    {
        await using var h = new EngineHarness(new SubscriptionEngineOptions { MinPublishingInterval = 10, MinSamplingInterval = 20, MaxQueueSize = 50 });
        var sub = h.Subscribe(SessionA, interval: 100);
        var slow = h.Source.Add(new NodeId(1u, 2), 1, minimumSamplingInterval: 250);
        var fast = h.Source.Add(new NodeId(2u, 2), 1);
        var outOfRange = Item(fast, 6);
        outOfRange.ItemToMonitor.IndexRange = "1:2";

        var results = h.CreateItems(SessionA, sub,
            Item(slow, 1, samplingInterval: 50),
            Item(fast, 2, samplingInterval: 0, queueSize: 0),
            Item(fast, 3, samplingInterval: -1, queueSize: 1_000_000),
            Item(new NodeId(99u, 2), 4),
            Item(fast, 5, samplingInterval: double.NaN),
            outOfRange,
            Item(fast, 7, samplingInterval: 33.2));

        Assert.Equal(250, results[0].RevisedSamplingInterval); // the node's MinimumSamplingInterval wins
        Assert.Equal(20, results[1].RevisedSamplingInterval); // 0 = fastest = the server minimum
        Assert.Equal(1u, results[1].RevisedQueueSize);
        Assert.Equal(100, results[2].RevisedSamplingInterval); // -1 = the publishing interval
        Assert.Equal(50u, results[2].RevisedQueueSize);
        Assert.Equal(StatusCodes.BadNodeIdUnknown, results[3].StatusCode.Code);
        Assert.Equal(0u, results[3].MonitoredItemId);
        Assert.Equal(100, results[4].RevisedSamplingInterval);
        Assert.Equal(StatusCodes.BadIndexRangeInvalid, results[5].StatusCode.Code);
        Assert.Equal(34, results[6].RevisedSamplingInterval); // whole ms, rounded up
        Assert.Equal(5, results.Count(r => r.StatusCode.IsGood));
        Assert.Equal(5, results.Where(r => r.StatusCode.IsGood).Select(r => r.MonitoredItemId).Distinct().Count());
    }

    [Fact]
    public async Task Absolute_deadband_reports_only_changes_strictly_greater_than_the_deadband()
    {
        await using var h = new EngineHarness();
        var sub = h.Subscribe(SessionA);
        var node = h.Source.Add(new NodeId(1u, 2), 10);
        var filter = new DataChangeFilter { Trigger = DataChangeTrigger.StatusValue, DeadbandType = (uint)DeadbandType.Absolute, DeadbandValue = 1.0 };
        h.CreateItems(SessionA, sub, Item(node, 1, queueSize: 10, filter: filter));

        foreach (var value in new[] { 10.5, 11.0, 9.0, 11.01, 11.5, 12.02 }) Sample(h, node, value);

        Assert.Equal(new[] { 10.0, 11.01, 12.02 }, await PublishValuesAsync(h));
    }

    [Fact]
    public async Task Percent_deadband_uses_the_EURange_of_the_node()
    {
        await using var h = new EngineHarness();
        var sub = h.Subscribe(SessionA);
        var node = h.Source.Add(new NodeId(1u, 2), 100, euRange: new Range { Low = 0, High = 200 });
        var filter = new DataChangeFilter { Trigger = DataChangeTrigger.StatusValue, DeadbandType = (uint)DeadbandType.Percent, DeadbandValue = 5 }; // 10 units
        h.CreateItems(SessionA, sub, Item(node, 1, queueSize: 10, filter: filter));

        foreach (var value in new[] { 105.0, 110.0, 90.0, 110.5, 100.6 }) Sample(h, node, value);

        Assert.Equal(new[] { 100.0, 110.5 }, await PublishValuesAsync(h));
    }

    [Fact]
    public async Task Percent_deadband_without_EURange_or_out_of_range_and_bad_filters_are_refused()
    {
        await using var h = new EngineHarness();
        var sub = h.Subscribe(SessionA);
        var plain = h.Source.Add(new NodeId(1u, 2), 1);
        var analog = h.Source.Add(new NodeId(2u, 2), 1, euRange: new Range { Low = 0, High = 10 });
        static DataChangeFilter Percent(double v) => new() { Trigger = DataChangeTrigger.StatusValue, DeadbandType = (uint)DeadbandType.Percent, DeadbandValue = v };
        var nonValue = Item(analog, 5, filter: Percent(1));
        nonValue.ItemToMonitor.AttributeId = AttributeIds.DisplayName;
        var garbage = Item(analog, 6);
        garbage.RequestedParameters.Filter = new ExtensionObject(new NodeId(DataChangeFilter.BinaryEncodingId), ExtensionObjectEncoding.Binary, [1, 2]);
        var text = h.Source.Add(new NodeId(3u, 2), 0);
        h.Source.Set(text, new DataValue { Value = Variant.From("not a number") });
        var eventFilter = Item(analog, 7);
        eventFilter.RequestedParameters.Filter = ExtensionObjects.Wrap(new EventFilter());

        var results = h.CreateItems(SessionA, sub,
            Item(plain, 1, filter: Percent(1)),
            Item(analog, 2, filter: Percent(150)),
            Item(analog, 3, filter: new DataChangeFilter { DeadbandType = 7 }),
            Item(analog, 4, filter: Percent(1)),
            nonValue, garbage, eventFilter,
            Item(text, 8, filter: new DataChangeFilter { Trigger = DataChangeTrigger.StatusValue, DeadbandType = (uint)DeadbandType.Absolute, DeadbandValue = 1 }),
            Item(text, 9, filter: new DataChangeFilter { Trigger = DataChangeTrigger.StatusValueTimestamp }));

        // OPC 10000-8 Table 28: no EURange or outside 0..100 -> Bad_DeadbandFilterInvalid.
        Assert.Equal(StatusCodes.BadDeadbandFilterInvalid, results[0].StatusCode.Code);
        Assert.Equal(StatusCodes.BadDeadbandFilterInvalid, results[1].StatusCode.Code);
        Assert.Equal(StatusCodes.BadDeadbandFilterInvalid, results[2].StatusCode.Code);
        Assert.Equal(StatusCodes.Good, results[3].StatusCode.Code);
        Assert.Equal(StatusCodes.BadFilterNotAllowed, results[4].StatusCode.Code);
        Assert.Equal(StatusCodes.BadMonitoredItemFilterInvalid, results[5].StatusCode.Code);
        Assert.Equal(StatusCodes.BadMonitoredItemFilterUnsupported, results[6].StatusCode.Code);
        Assert.Equal(StatusCodes.BadFilterNotAllowed, results[7].StatusCode.Code); // a deadband needs a number
        Assert.Equal(StatusCodes.Good, results[8].StatusCode.Code);
    }

    [Theory]
    [InlineData(DataChangeTrigger.Status, new[] { 1.0, 3.0 })]
    [InlineData(DataChangeTrigger.StatusValue, new[] { 1.0, 2.0, 3.0 })]
    [InlineData(DataChangeTrigger.StatusValueTimestamp, new[] { 1.0, 2.0, 2.0, 3.0 })]
    public async Task Trigger_decides_which_of_status_value_and_timestamp_changes_report(DataChangeTrigger trigger, double[] expected)
    {
        await using var h = new EngineHarness();
        var sub = h.Subscribe(SessionA);
        var node = h.Source.Add(new NodeId(1u, 2), 0);
        h.Source.Set(node, 1, sourceTimestamp: new UaDateTime(1000));
        h.CreateItems(SessionA, sub, Item(node, 1, queueSize: 10, filter: new DataChangeFilter { Trigger = trigger }));

        SampleValue(h, node, new DataValue { Value = Variant.From(2.0), SourceTimestamp = new UaDateTime(2000) }); // value
        SampleValue(h, node, new DataValue { Value = Variant.From(2.0), SourceTimestamp = new UaDateTime(3000) }); // timestamp
        SampleValue(h, node, new DataValue { Value = Variant.From(3.0), Status = StatusCodes.BadTimeout, SourceTimestamp = new UaDateTime(3000) }); // status

        Assert.Equal(expected, await PublishValuesAsync(h));
    }

    [Theory]
    [InlineData(true, new[] { 3.0, 4.0, 5.0 }, 0)]
    [InlineData(false, new[] { 1.0, 2.0, 5.0 }, 2)]
    public async Task Queue_overflow_discards_per_policy_and_sets_the_overflow_bit(bool discardOldest, double[] expected, int flagged)
    {
        await using var h = new EngineHarness();
        var sub = h.Subscribe(SessionA);
        var node = h.Source.Add(new NodeId(1u, 2), 1);
        h.CreateItems(SessionA, sub, Item(node, 1, queueSize: 3, discardOldest: discardOldest));
        foreach (var value in new[] { 2.0, 3.0, 4.0, 5.0 }) Sample(h, node, value);

        var changes = await PublishChangesAsync(h);

        Assert.Equal(expected, changes.Select(c => (double)c.Value.Value.Value!));
        for (var i = 0; i < changes.Length; i++)
        {
            var overflow = (changes[i].Value.Status.Code & MonitoredItem.OverflowInfoBits) == MonitoredItem.OverflowInfoBits;
            Assert.Equal(i == flagged, overflow);
        }
    }

    [Fact]
    public async Task A_queue_of_one_keeps_the_newest_value_without_the_overflow_bit()
    {
        await using var h = new EngineHarness();
        var sub = h.Subscribe(SessionA);
        var node = h.Source.Add(new NodeId(1u, 2), 1);
        h.CreateItems(SessionA, sub, Item(node, 1, queueSize: 1));
        foreach (var value in new[] { 2.0, 3.0 }) Sample(h, node, value);

        var change = Assert.Single(await PublishChangesAsync(h));
        Assert.Equal(3.0, change.Value.Value.Value);
        Assert.Equal(StatusCodes.Good, change.Value.Status.Code);
    }

    [Fact]
    public async Task Sampling_mode_queues_without_reporting_until_switched_to_Reporting_and_Disabled_stops_reads()
    {
        await using var h = new EngineHarness();
        var sub = h.Subscribe(SessionA, keepAlive: 1);
        var node = h.Source.Add(new NodeId(1u, 2), 1);
        var id = h.CreateItems(SessionA, sub, Item(node, 1, queueSize: 5, mode: MonitoringMode.Sampling))[0].MonitoredItemId;
        Sample(h, node, 2);

        var keepAlive = h.Publish(SessionA);
        h.Clock.AdvanceMs(100);
        Assert.True(IsKeepAlive(await keepAlive.WaitAsync(Timeout)));

        var results = SetMode(h, sub, MonitoringMode.Reporting, id, 12345);
        Assert.Equal([StatusCodes.Good, StatusCodes.BadMonitoredItemIdInvalid], results.Select(r => r.Code));
        Assert.Equal(new[] { 1.0, 2.0 }, await PublishValuesAsync(h));

        SetMode(h, sub, MonitoringMode.Disabled, id);
        var reads = h.Source.Reads;
        Sample(h, node, 3);
        Assert.Equal(reads, h.Source.Reads);

        SetMode(h, sub, MonitoringMode.Reporting, id);
        Assert.Equal(new[] { 3.0 }, await PublishValuesAsync(h)); // re-enabled: the first sample reports again
    }

    [Fact]
    public async Task Modify_and_delete_monitored_items_report_per_item()
    {
        await using var h = new EngineHarness();
        var sub = h.Subscribe(SessionA);
        var node = h.Source.Add(new NodeId(1u, 2), 1);
        var id = h.CreateItems(SessionA, sub, Item(node, 1))[0].MonitoredItemId;

        var modified = h.Engine.ModifyMonitoredItems(SessionA, new ModifyMonitoredItemsRequest
        {
            SubscriptionId = sub,
            TimestampsToReturn = TimestampsToReturn.Source,
            ItemsToModify =
            [
                new MonitoredItemModifyRequest { MonitoredItemId = id, RequestedParameters = new MonitoringParameters { ClientHandle = 42, SamplingInterval = 500, QueueSize = 4 } },
                new MonitoredItemModifyRequest { MonitoredItemId = 999 },
            ],
        });
        Assert.Equal(500, modified.Results![0].RevisedSamplingInterval);
        Assert.Equal(4u, modified.Results[0].RevisedQueueSize);
        Assert.Equal(StatusCodes.BadMonitoredItemIdInvalid, modified.Results[1].StatusCode.Code);
        var changes = await PublishChangesAsync(h);
        Assert.Equal(42u, Assert.Single(changes).ClientHandle);
        Assert.True(changes[0].Value.ServerTimestamp.IsMinValue); // TimestampsToReturn.Source now

        var invalidTimestamps = h.Engine.ModifyMonitoredItems(SessionA, new ModifyMonitoredItemsRequest { SubscriptionId = sub, TimestampsToReturn = TimestampsToReturn.Invalid, ItemsToModify = [new()] });
        Assert.Equal(StatusCodes.BadTimestampsToReturnInvalid, invalidTimestamps.ResponseHeader.ServiceResult.Code);

        var deleted = h.Engine.DeleteMonitoredItems(SessionA, new DeleteMonitoredItemsRequest { SubscriptionId = sub, MonitoredItemIds = [id, id] });
        Assert.Equal([StatusCodes.Good, StatusCodes.BadMonitoredItemIdInvalid], deleted.Results!.Select(r => r.Code));
        var empty = h.Engine.DeleteMonitoredItems(SessionA, new DeleteMonitoredItemsRequest { SubscriptionId = sub, MonitoredItemIds = [] });
        Assert.Equal(StatusCodes.BadNothingToDo, empty.ResponseHeader.ServiceResult.Code);
        var reads = h.Source.Reads;
        h.Clock.AdvanceMs(1000);
        Assert.Equal(reads, h.Source.Reads); // the sampling group went with its last item
        Assert.Equal(1, h.Clock.ActiveTimers); // only the publishing timer is left
    }

    [Fact]
    public async Task Items_sharing_an_interval_share_one_sampling_timer()
    {
        await using var h = new EngineHarness();
        var sub = h.Subscribe(SessionA);
        var items = Enumerable.Range(1, 50).Select(i => Item(h.Source.Add(new NodeId((uint)i, 2), i), (uint)i, samplingInterval: i % 2 == 0 ? 10 : 20)).ToArray();
        h.CreateItems(SessionA, sub, items);
        Assert.Equal(3, h.Clock.ActiveTimers); // publishing + 10 ms group + 20 ms group
    }

    internal static void Sample(EngineHarness h, NodeId node, double value)
    {
        h.Source.Set(node, value);
        h.Clock.AdvanceMs(10);
    }

    private static void SampleValue(EngineHarness h, NodeId node, DataValue value)
    {
        h.Source.Set(node, value);
        h.Clock.AdvanceMs(10);
    }

    private static StatusCode[] SetMode(EngineHarness h, uint sub, MonitoringMode mode, params uint[] ids) =>
        h.Engine.SetMonitoringMode(SessionA, new SetMonitoringModeRequest { SubscriptionId = sub, MonitoringMode = mode, MonitoredItemIds = ids }).Results!;

    internal static async Task<MonitoredItemNotification[]> PublishChangesAsync(EngineHarness h)
    {
        var publish = h.Publish(SessionA);
        h.Clock.AdvanceMs(100);
        return DataChanges(await publish.WaitAsync(Timeout));
    }

    private static async Task<double[]> PublishValuesAsync(EngineHarness h) =>
        [.. (await PublishChangesAsync(h)).Select(c => (double)c.Value.Value.Value!)];
}
