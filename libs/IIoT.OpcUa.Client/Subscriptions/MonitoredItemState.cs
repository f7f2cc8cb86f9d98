namespace IIoT.OpcUa.Client;

/// <summary>Where a monitored item stands; every item ends Active or Failed, none is dropped silently.</summary>
public enum MonitoredItemState
{
    /// <summary>Not created on the server yet (or being recreated after a new session).</summary>
    Pending,

    /// <summary>Created; notifications flow.</summary>
    Active,

    /// <summary>The server refused it (<see cref="MonitoredItem.Status"/> says why), or the call failed.</summary>
    Failed,
}
