namespace IIoT.OpcUa.Client;

/// <summary>
/// Notifications of a subscription that are missing and cannot be had again: the sequence numbers (0 when unknown)
/// and the time range between the last publish delivered and the first one after. Nothing is fabricated in its place.
/// </summary>
public sealed record DataGap(
    uint SubscriptionId,
    DataGapReason Reason,
    uint FirstSequenceNumber,
    uint LastSequenceNumber,
    DateTime From,
    DateTime To);
