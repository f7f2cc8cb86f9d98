using System.Text.Json;

namespace IIoT.Testing;

/// <summary>
/// A node-opcua client.js process that is still running (<see cref="NodeOpcuaClient.StartAsync"/>): the test reads its
/// "PROGRESS {json}" lines while it injects faults, then <see cref="CompleteAsync"/> waits for the exit and parses the
/// results. Disposing kills the process if it still runs, so no node process outlives the test.
/// </summary>
public sealed class NodeOpcuaClientRun : IAsyncDisposable
{
    private readonly ManagedProcess _process;
    private readonly Action<bool> _onEnd;
    private int _ended;

    internal NodeOpcuaClientRun(ManagedProcess process, Action<bool> onEnd)
    {
        _process = process;
        _onEnd = onEnd;
    }

    /// <summary>Everything printed so far.</summary>
    public string Output => _process.Output;

    public bool HasExited => _process.HasExited;

    /// <summary>The last PROGRESS line printed by the subscribe command, or null before the first.</summary>
    public JsonElement? LatestProgress
    {
        get
        {
            var output = Output;
            var at = output.LastIndexOf("PROGRESS ", StringComparison.Ordinal);
            if (at < 0)
            {
                return null;
            }
            var end = output.IndexOf('\n', at);
            if (end < 0)
            {
                return null; // the line is still being written
            }
            return JsonDocument.Parse(output.AsMemory(at + "PROGRESS ".Length, end - at - "PROGRESS ".Length)).RootElement.Clone();
        }
    }

    /// <summary>Waits until the latest progress satisfies <paramref name="condition"/>; fails early if the client exits.</summary>
    public async Task WaitForProgressAsync(Func<JsonElement, bool> condition, TimeSpan timeout, string what)
    {
        await Wait.UntilAsync(() =>
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"node-opcua client exited ({_process.ExitCode}) while waiting for {what}:\n{Output}");
            }
            return LatestProgress is { } progress && condition(progress);
        }, timeout, what).ConfigureAwait(false);
    }

    /// <summary>Waits for the exit (killing the process after <paramref name="timeout"/>) and parses RESULT/ERROR lines.</summary>
    public async Task<NodeOpcuaClient.Result> CompleteAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await _process.KillAsync().ConfigureAwait(false);
            End(false);
            return new NodeOpcuaClient.Result(-1, [], $"timed out after {timeout}", _process.Output);
        }

        // Process.WaitForExitAsync also waits for the end of the redirected output, so every line is in.
        var output = _process.Output;
        var results = new List<JsonElement>();
        string? error = null;
        foreach (var line in output.Split('\n'))
        {
            if (line.StartsWith("RESULT ", StringComparison.Ordinal))
            {
                results.Add(JsonDocument.Parse(line["RESULT ".Length..]).RootElement.Clone());
            }
            else if (line.StartsWith("ERROR ", StringComparison.Ordinal))
            {
                error = line["ERROR ".Length..].Trim();
            }
        }

        End(_process.ExitCode == 0);
        return new NodeOpcuaClient.Result(_process.ExitCode, results, error, output);
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync().ConfigureAwait(false);
        End(false);
    }

    private void End(bool succeeded)
    {
        if (Interlocked.Exchange(ref _ended, 1) == 0)
        {
            _onEnd(succeeded);
        }
    }
}
