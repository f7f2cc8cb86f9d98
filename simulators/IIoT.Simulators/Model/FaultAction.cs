namespace IIoT.Simulators.Model;

internal enum FaultAction
{
    /// <summary>Close every TCP connection (sessions stay; clients reconnect).</summary>
    DropConnections,

    /// <summary>Hold Publish responses back for Duration.</summary>
    PausePublish,

    /// <summary>Dispose the server(s) and start new ones on the same port(s): no sessions or subscriptions survive.</summary>
    Restart,

    /// <summary>Send the signal with Status (Bad, Uncertain, ... or a code) for Duration (forever when absent).</summary>
    BadQuality,

    /// <summary>Stop updating the signal for Duration (forever when absent).</summary>
    Freeze,

    /// <summary>End a BadQuality or Freeze of the signal.</summary>
    Clear,
}
