using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Client;

/// <summary>How <see cref="UaSession.TakeOverSubscriptionAsync"/> went.</summary>
/// <param name="Transferred">True: the earlier subscription is ours now; false: it was created anew and a gap reported.</param>
/// <param name="Status">The transfer's status (why it was refused when <paramref name="Transferred"/> is false).</param>
/// <param name="AvailableMessages">Unacknowledged notification messages the server still held for the subscription.</param>
/// <param name="RepublishedMessages">Of those, the messages fetched again with Republish and put in the stream.</param>
public sealed record SubscriptionTakeoverResult(bool Transferred, StatusCode Status, int AvailableMessages, int RepublishedMessages);
