namespace IIoT.Simulators.Model;

/// <summary>
/// One fault: in a scenario's "Faults" list it runs At that time after start; from the control channel at once.
/// Machine/Signal name the variable for BadQuality, Freeze and Clear ("*" = every machine).
/// </summary>
internal sealed record FaultStep
{
    public TimeSpan At { get; init; }
    public FaultAction Action { get; init; }
    public TimeSpan? Duration { get; init; }
    public string? Machine { get; init; }
    public string? Signal { get; init; }

    /// <summary>"Bad", "Uncertain", a StatusCodes name (e.g. "BadSensorFailure") or a number (0x808C0000).</summary>
    public string? Status { get; init; }
}
