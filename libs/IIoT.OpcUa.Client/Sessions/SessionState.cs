namespace IIoT.OpcUa.Client;

/// <summary>Where a <see cref="UaSession"/> stands; each change raises <see cref="UaSession.StateChanged"/>.</summary>
public enum SessionState
{
    /// <summary>Channel and session are up.</summary>
    Connected,

    /// <summary>The connection was lost; the reconnect ladder runs.</summary>
    Reconnecting,

    /// <summary>A new channel carries the same session (ActivateSession succeeded, UA-R01); missed messages were republished.</summary>
    Reconnected,

    /// <summary>The old session was gone (UA-R03/R04): a new one was created, subscriptions transferred or recreated.</summary>
    SessionRecreated,

    /// <summary>Disposed, or lost without automatic reconnect.</summary>
    Closed,
}
