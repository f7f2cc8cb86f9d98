using System.Text;

namespace IIoT.Simulators.OpcUa;

/// <summary>
/// Reads fault commands as they are appended to a file (polled, like tail -f; the file may not exist yet) or from a
/// reader such as stdin, and hands each line to <c>execute</c>. A bad line is reported and skipped.
/// </summary>
internal static class ControlChannel
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public static async Task FollowFileAsync(string path, Func<string, Task> execute, TimeProvider time, CancellationToken ct)
    {
        long offset = 0;
        var partial = new StringBuilder();
        while (!ct.IsCancellationRequested)
        {
            if (File.Exists(path))
            {
                await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                if (stream.Length < offset)
                {
                    offset = 0; // truncated or replaced: start over
                }

                stream.Seek(offset, SeekOrigin.Begin);
                using var reader = new StreamReader(stream, Encoding.UTF8);
                var text = await reader.ReadToEndAsync(ct).ConfigureAwait(false);
                offset = stream.Position;
                partial.Append(text);
                var all = partial.ToString();
                var end = all.LastIndexOf('\n');
                if (end >= 0)
                {
                    // Only whole lines: a writer may be in the middle of one.
                    partial.Clear().Append(all.AsSpan(end + 1));
                    foreach (var line in all[..end].Split('\n'))
                    {
                        await RunAsync(line, execute).ConfigureAwait(false);
                    }
                }
            }

            await Task.Delay(PollInterval, time, ct).ConfigureAwait(false);
        }
    }

    public static async Task FollowReaderAsync(TextReader reader, Func<string, Task> execute, CancellationToken ct)
    {
        while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
        {
            await RunAsync(line, execute).ConfigureAwait(false);
        }
    }

    private static Task RunAsync(string line, Func<string, Task> execute) =>
        string.IsNullOrWhiteSpace(line.Split('#')[0]) ? Task.CompletedTask : execute(line.Trim());
}
