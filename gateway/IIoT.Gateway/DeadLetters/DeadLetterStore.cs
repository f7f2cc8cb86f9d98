using System.Buffers;
using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Text.Unicode;

namespace IIoT.Gateway.DeadLetters;

/// <summary>
/// Append-only JSON-lines files, one per UTC day (deadletter-yyyy-MM-dd.jsonl). A write completes after fsync, so a
/// caller may acknowledge its source once it returns. The total size is bounded: past it an entry is dropped and
/// counted rather than filling the disk the buffer needs.
/// </summary>
internal sealed class DeadLetterStore : IDisposable
{
    private const string FilePrefix = "deadletter-";
    private const string FileSuffix = ".jsonl";

    private static readonly Counter<long> Written = GatewayMeter.Meter.CreateCounter<long>(
        "iiot.gateway.deadletters.written", "{entry}", "Dead letters written to disk (fsynced)");
    private static readonly Counter<long> WrittenBytes = GatewayMeter.Meter.CreateCounter<long>(
        "iiot.gateway.deadletters.written.bytes", "By", "Bytes of dead letters written to disk");
    private static readonly Counter<long> DroppedEntries = GatewayMeter.Meter.CreateCounter<long>(
        "iiot.gateway.deadletters.dropped", "{entry}", "Dead letters not kept because the store reached its bound");

    private readonly string _directory;
    private readonly long _maxTotalBytes;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private FileStream? _file;
    private DateOnly _fileDay;
    private long _totalBytes;
    private long _dropped;

    public DeadLetterStore(DeadLetterOptions options, TimeProvider timeProvider, ILogger<DeadLetterStore> logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(options.Directory);
        _directory = Path.GetFullPath(options.Directory);
        _maxTotalBytes = options.MaxTotalBytes;
        _timeProvider = timeProvider;
        _logger = logger;
        Directory.CreateDirectory(_directory);
        foreach (var file in Directory.EnumerateFiles(_directory, FilePrefix + "*" + FileSuffix))
        {
            _totalBytes += new FileInfo(file).Length;
        }
        DeadLetterLog.Opened(logger, _directory, _totalBytes, _maxTotalBytes);
    }

    public string DirectoryPath => _directory;

    /// <summary>Bytes in all day files.</summary>
    public long TotalBytes => Volatile.Read(ref _totalBytes);

    /// <summary>Entries not kept because of the bound, since start.</summary>
    public long DroppedCount => Volatile.Read(ref _dropped);

    public static string FileName(DateOnly day) => $"{FilePrefix}{day:yyyy-MM-dd}{FileSuffix}";

    /// <summary>Appends one line and fsyncs it. Thread safe. A dropped entry (store full) completes normally.</summary>
    public async ValueTask WriteAsync(DeadLetter entry, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var line = Encode(entry, now);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_totalBytes + line.Length > _maxTotalBytes)
            {
                var dropped = ++_dropped;
                DroppedEntries.Add(1, new KeyValuePair<string, object?>("reason", entry.Reason));
                if (dropped == 1 || dropped % 1000 == 0)
                {
                    // The counter has every drop; the log says so without flooding.
                    DeadLetterLog.Dropped(_logger, _maxTotalBytes, entry.Reason, entry.Source, dropped);
                }
                return;
            }
            var file = FileFor(DateOnly.FromDateTime(now.UtcDateTime));
            // Not cancellable from here on: a line is written whole or the caller sees the failure.
            await file.WriteAsync(line, CancellationToken.None).ConfigureAwait(false);
            file.Flush(flushToDisk: true);
            Volatile.Write(ref _totalBytes, _totalBytes + line.Length);
        }
        finally
        {
            _gate.Release();
        }
        Written.Add(1, new KeyValuePair<string, object?>("reason", entry.Reason));
        WrittenBytes.Add(line.Length);
        DeadLetterLog.Written(_logger, entry.Source, entry.Reason, entry.Topic, entry.Detail);
    }

    public void Dispose()
    {
        _file?.Dispose();
        _gate.Dispose();
    }

    private FileStream FileFor(DateOnly day)
    {
        if (_file is not null && day == _fileDay)
        {
            return _file;
        }
        _file?.Dispose();
        _file = null;
        var file = new FileStream(Path.Combine(_directory, FileName(day)), FileMode.Append, FileAccess.Write, FileShare.Read,
            bufferSize: 0, FileOptions.Asynchronous);
        if (file.Length > 0 && LastByteIsNotNewline(file.Name))
        {
            // A crash in the middle of a line left it unterminated; end it so that the next entry is its own line.
            file.Write("\n"u8);
            _totalBytes++;
        }
        _file = file;
        _fileDay = day;
        return file;
    }

    private static bool LastByteIsNotNewline(string path)
    {
        using var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        reader.Seek(-1, SeekOrigin.End);
        return reader.ReadByte() != '\n';
    }

    private static byte[] Encode(DeadLetter entry, DateTimeOffset time)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + entry.Payload.Length * 2);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("time", time.UtcDateTime);
            writer.WriteString("source", entry.Source);
            writer.WriteString("reason", entry.Reason);
            if (entry.Topic is null)
            {
                writer.WriteNull("topic");
            }
            else
            {
                writer.WriteString("topic", entry.Topic);
            }
            var payload = entry.Payload.Span;
            if (Utf8.IsValid(payload))
            {
                writer.WriteString("payload_text", payload);
            }
            else
            {
                writer.WriteBase64String("payload_base64", payload);
            }
            writer.WriteString("detail", entry.Detail);
            writer.WriteEndObject();
        }
        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }
}
