using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace IIoT.Cloud.Tests.Kpi;

/// <summary>Keeps the service's log messages (warning and above) so that a test can assert on them or show them.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    public ConcurrentQueue<(int EventId, string Message)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    public override string ToString() => string.Join("\n", Entries.Select(e => $"{e.EventId}: {e.Message}"));

    private sealed class Logger(CapturedLogs logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                logs.Entries.Enqueue((eventId.Id, formatter(state, exception) + (exception is null ? "" : " " + exception)));
            }
        }
    }
}
