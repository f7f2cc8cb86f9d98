namespace IIoT.Gateway.Uplink;

/// <summary>Exponential backoff with full jitter, capped; a cloud's Retry-After is honoured within the cap.</summary>
internal sealed class Backoff(TimeSpan min, TimeSpan max, Random random)
{
    private int _failures;

    public int Failures => _failures;

    public void Reset() => _failures = 0;

    public TimeSpan Next(TimeSpan? retryAfter = null)
    {
        _failures++;
        if (retryAfter is { } asked && asked > TimeSpan.Zero)
        {
            return asked < max ? asked : max;
        }
        var ceiling = min.TotalMilliseconds * Math.Pow(2, Math.Min(_failures - 1, 30));
        ceiling = Math.Min(ceiling, max.TotalMilliseconds);
        // Full jitter: many gateways coming back after one outage do not retry in lock step.
        return TimeSpan.FromMilliseconds(min.TotalMilliseconds / 2 + random.NextDouble() * (ceiling - min.TotalMilliseconds / 2));
    }
}
