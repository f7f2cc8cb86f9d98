namespace IIoT.OpcUa.Client;

/// <summary>A state change of a <see cref="UaSession"/>, with the failure that caused it if any.</summary>
public sealed class SessionStateChangedEventArgs(SessionState state, Exception? reason) : EventArgs
{
    public SessionState State { get; } = state;

    public Exception? Reason { get; } = reason;
}
