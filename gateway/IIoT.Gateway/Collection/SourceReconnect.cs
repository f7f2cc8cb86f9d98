namespace IIoT.Gateway.Collection;

/// <summary>What every source (MQTT broker, OPC UA endpoint) does between two connection attempts.</summary>
internal static class SourceReconnect
{
    /// <summary>
    /// Doubles from <paramref name="min"/> per failure up to <paramref name="max"/>, then takes 50-100 % of it: the jitter
    /// keeps a fleet of gateways from reconnecting in lockstep after a broker or server restart.
    /// </summary>
    public static TimeSpan Delay(TimeSpan min, TimeSpan max, int failures)
    {
        var exponential = Math.Min(max.TotalMilliseconds, min.TotalMilliseconds * Math.Pow(2, Math.Min(failures, 30)));
        return TimeSpan.FromMilliseconds(exponential * (0.5 + 0.5 * Random.Shared.NextDouble()));
    }

    /// <summary>Ends a connection's work; the source may already have disposed it while shutting down.</summary>
    public static void CancelQuietly(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
