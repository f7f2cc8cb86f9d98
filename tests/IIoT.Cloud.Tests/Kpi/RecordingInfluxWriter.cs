using System.Text;
using IIoT.Cloud.Storage;

namespace IIoT.Cloud.Tests.Kpi;

/// <summary>Passes writes through to the real writer and keeps every line written (to compare replicas byte for byte).</summary>
internal sealed class RecordingInfluxWriter(IInfluxWriter inner) : IInfluxWriter, IDisposable
{
    private readonly Lock _lock = new();
    private readonly List<string> _lines = [];

    /// <summary>The lines of <paramref name="measurement"/> written so far that contain <paramref name="fragment"/>.</summary>
    public List<string> Lines(string measurement, string fragment)
    {
        lock (_lock)
        {
            return _lines.Where(l => l.StartsWith(measurement + ",", StringComparison.Ordinal) && l.Contains(fragment, StringComparison.Ordinal)).ToList();
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _lines.Clear();
        }
    }

    public async Task<InfluxWriteOutcome> WriteAsync(string target, ReadOnlyMemory<byte> lines, CancellationToken cancellationToken)
    {
        var outcome = await inner.WriteAsync(target, lines, cancellationToken);
        var text = Encoding.UTF8.GetString(lines.Span);
        lock (_lock)
        {
            _lines.AddRange(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        return outcome;
    }

    public Task PrepareAsync(string target, CancellationToken cancellationToken) => inner.PrepareAsync(target, cancellationToken);

    public Task<bool> PingAsync(CancellationToken cancellationToken) => inner.PingAsync(cancellationToken);

    public void Dispose() => (inner as IDisposable)?.Dispose();
}
