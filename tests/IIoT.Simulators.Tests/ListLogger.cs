using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace IIoT.Simulators.Tests;

/// <summary>Keeps log entries so a test can check that a path (reconnect, refusal) was really taken.</summary>
internal sealed class ListLogger : ILogger
{
    public ConcurrentQueue<(EventId Id, LogLevel Level, string Message)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue((eventId, logLevel, formatter(state, exception)));

    public int Count(int eventId) => Entries.Count(e => e.Id.Id == eventId);
}
