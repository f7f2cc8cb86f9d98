using System.Collections.Concurrent;

namespace IIoT.OpcUa.Server;

/// <summary>
/// Limits password guessing (RELIABILITY UA-S06): after <c>maxFailures</c> wrong passwords for one user name within
/// <c>window</c>, every login of that user is refused until the window has passed, even with the right password.
/// </summary>
internal sealed class LoginThrottle(int maxFailures, TimeSpan window, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Entry> _failures = new(StringComparer.Ordinal);

    public bool IsLocked(string userName) =>
        maxFailures > 0 && _failures.TryGetValue(userName, out var entry) && entry.Count >= maxFailures && time.GetElapsedTime(entry.Since) < window;

    public void Failed(string userName)
    {
        var now = time.GetTimestamp();
        _failures.AddOrUpdate(userName, _ => new Entry(1, now),
            (_, entry) => time.GetElapsedTime(entry.Since) >= window ? new Entry(1, now) : entry with { Count = entry.Count + 1 });

        // Bounded: a flood of invented user names must not grow the table without end.
        if (_failures.Count > 10_000)
        {
            foreach (var (name, entry) in _failures)
            {
                if (time.GetElapsedTime(entry.Since) >= window)
                {
                    _failures.TryRemove(name, out _);
                }
            }
        }
    }

    public void Succeeded(string userName) => _failures.TryRemove(userName, out _);

    private sealed record Entry(int Count, long Since);
}
