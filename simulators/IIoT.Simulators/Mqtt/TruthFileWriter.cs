using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace IIoT.Simulators.Mqtt;

/// <summary>
/// Appends every acknowledged message as one JSON line {"topic":"..","payload":{..}} for end-to-end checkers.
/// Flushed whenever it catches up, so a reader sees all acknowledged messages shortly after the acknowledgement.
/// </summary>
internal sealed class TruthFileWriter
{
    private readonly Channel<SimulatedMessage> _pending = Channel.CreateUnbounded<SimulatedMessage>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly string _path;

    public TruthFileWriter(string path)
    {
        _path = path;
    }

    public void Add(SimulatedMessage message) => _pending.Writer.TryWrite(message);

    public void Complete() => _pending.Writer.TryComplete();

    /// <summary>Writes until <see cref="Complete"/> was called and everything added is on disk.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(_path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }
        await using var file = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read, 64 * 1024, useAsync: true);
        await using var json = new Utf8JsonWriter(file, new JsonWriterOptions { SkipValidation = true });
        var reader = _pending.Reader;
        while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (reader.TryRead(out var message))
            {
                json.WriteStartObject();
                json.WriteString("topic"u8, message.Topic);
                json.WritePropertyName("payload"u8);
                json.WriteRawValue(message.Payload, skipInputValidation: true);
                json.WriteEndObject();
                json.Flush();
                json.Reset();
                file.Write(NewLine);
            }
            await file.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static readonly byte[] NewLine = Encoding.ASCII.GetBytes("\n");
}
