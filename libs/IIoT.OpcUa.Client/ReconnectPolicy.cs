namespace IIoT.OpcUa.Client;

/// <summary>
/// Delays between reconnect attempts: exponential from <see cref="InitialDelay"/> up to <see cref="MaxDelay"/>, with
/// ±<see cref="Jitter"/> so that many gateways cut off by one outage do not come back in lock step.
/// </summary>
public sealed class ReconnectPolicy
{
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    public double Multiplier { get; init; } = 2;

    /// <summary>Fraction of the delay added or removed at random (0..1).</summary>
    public double Jitter { get; init; } = 0.2;

    /// <summary>The delay before attempt <paramref name="attempt"/> (0 = the first retry).</summary>
    public TimeSpan DelayFor(int attempt, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var exponent = Math.Min(Math.Max(attempt, 0), 30);
        var ms = Math.Min(InitialDelay.TotalMilliseconds * Math.Pow(Multiplier, exponent), MaxDelay.TotalMilliseconds);
        var jitter = Math.Clamp(Jitter, 0, 1);
        ms *= 1 + jitter * (2 * random.NextDouble() - 1);
        return TimeSpan.FromMilliseconds(Math.Clamp(ms, 0, MaxDelay.TotalMilliseconds));
    }
}
