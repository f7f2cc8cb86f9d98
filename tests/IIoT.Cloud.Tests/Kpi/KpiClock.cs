namespace IIoT.Cloud.Tests.Kpi;

/// <summary>A clock whose "now" is set by the test (timers still run in real time).</summary>
public sealed class KpiClock(DateTimeOffset now) : TimeProvider
{
    private readonly Lock _lock = new();
    private DateTimeOffset _now = now;

    public long NowNs => (GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    public void SetNs(long timeNs)
    {
        lock (_lock)
        {
            _now = DateTimeOffset.UnixEpoch.AddTicks(timeNs / 100);
        }
    }
}
