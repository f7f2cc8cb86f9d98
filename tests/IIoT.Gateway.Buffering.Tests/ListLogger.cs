using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace IIoT.Gateway.Buffering.Tests;

/// <summary>Keeps log entries so tests can assert the warnings the buffer promises.</summary>
internal sealed class ListLogger : ILogger<DurableBuffer>
{
    public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue((logLevel, formatter(state, exception)));

    public bool Has(LogLevel level, string fragment)
    {
        foreach (var (l, m) in Entries)
        {
            if (l == level && m.Contains(fragment, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }
}
