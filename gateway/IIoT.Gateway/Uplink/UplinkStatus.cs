namespace IIoT.Gateway.Uplink;

/// <summary>The forwarder's state as the health endpoint shows it.</summary>
internal sealed class UplinkStatus
{
    private readonly object _lock = new();
    private DateTimeOffset? _lastSuccess;
    private string? _lastError;
    private int _consecutiveFailures;
    private bool _unauthorized;

    public void Succeeded(DateTimeOffset at)
    {
        lock (_lock)
        {
            _lastSuccess = at;
            _consecutiveFailures = 0;
            _unauthorized = false;
        }
    }

    public void Failed(string error, bool unauthorized)
    {
        lock (_lock)
        {
            _lastError = error;
            _consecutiveFailures++;
            _unauthorized = unauthorized;
        }
    }

    public Snapshot Read()
    {
        lock (_lock)
        {
            return new Snapshot(_lastSuccess, _lastError, _consecutiveFailures, _unauthorized);
        }
    }

    internal sealed record Snapshot(DateTimeOffset? LastSuccess, string? LastError, int ConsecutiveFailures, bool Unauthorized);
}
