namespace IIoT.OpcUa.Client;

/// <summary>Why notifications may be missing.</summary>
public enum DataGapReason
{
    /// <summary>Sequence numbers the server no longer had for Republish (BadMessageNotAvailable, UA-R02).</summary>
    MessagesLost,

    /// <summary>The subscription could not be kept (new session without transfer, lifetime expired): recreated with initial values (UA-R03/R04).</summary>
    SubscriptionRecreated,
}
