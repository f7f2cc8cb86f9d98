namespace IIoT.Gateway.Buffering.Tests;

/// <summary>A wall clock the test moves; timers and timestamps still come from the system clock.</summary>
internal sealed class ManualClock : TimeProvider
{
    private DateTimeOffset _now;

    public ManualClock(DateTimeOffset start)
    {
        Start = start;
        _now = start;
    }

    public DateTimeOffset Start { get; }

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
