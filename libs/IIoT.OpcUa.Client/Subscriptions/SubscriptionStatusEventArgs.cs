using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Client;

/// <summary>
/// A StatusChangeNotification (OPC 10000-4 §7.25.4): GoodSubscriptionTransferred (another session took the
/// subscription over; it is no longer live here, UA-R10) or BadTimeout (its lifetime expired on the server).
/// </summary>
public sealed class SubscriptionStatusEventArgs(uint subscriptionId, StatusCode status) : EventArgs
{
    public uint SubscriptionId { get; } = subscriptionId;

    public StatusCode Status { get; } = status;
}
