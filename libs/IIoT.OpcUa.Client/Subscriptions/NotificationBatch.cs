using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Client;

/// <summary>
/// The data changes of one NotificationMessage, in sequence order, or a <see cref="Gap"/> marker at the place where
/// messages are missing. <see cref="Values"/> is the decoded array itself (no copy): each entry carries the item's
/// client handle and its DataValue. The batch belongs to the reader once read.
/// </summary>
public sealed class NotificationBatch
{
    internal NotificationBatch(uint subscriptionId, uint sequenceNumber, DateTime publishTime, MonitoredItemNotification[] values, bool republished, DataGap? gap)
    {
        SubscriptionId = subscriptionId;
        SequenceNumber = sequenceNumber;
        PublishTime = publishTime;
        Values = values;
        Republished = republished;
        Gap = gap;
    }

    public uint SubscriptionId { get; }

    public uint SequenceNumber { get; }

    public DateTime PublishTime { get; }

    public MonitoredItemNotification[] Values { get; }

    /// <summary>True when this message came from Republish (after a lost response or a reconnect).</summary>
    public bool Republished { get; }

    /// <summary>Non-null for a gap marker; then <see cref="Values"/> is empty.</summary>
    public DataGap? Gap { get; }
}
