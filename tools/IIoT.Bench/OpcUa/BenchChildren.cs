using System.Globalization;
using System.Text.Json;
using IIoT.Testing;

namespace IIoT.Bench.OpcUa;

/// <summary>
/// Starts the processes of `bench opcua`: our server and our client (hidden modes of this executable) and the node-opcua
/// client. Every child gets --watch-stdin, so it ends with us even if we are SIGKILLed; ManagedProcess kills the rest.
/// </summary>
internal sealed class BenchChildren(string? nodeModules, string pkiFolder)
{
    /// <summary>
    /// One client run: its result (null on failure), the server's CPU in the client's window, the values/s the server
    /// actually set in that window (0 if unknown), what went wrong.
    /// </summary>
    public sealed record Run(ClientResult? Result, double ServerCpuSeconds, string? Error, double ActualOffered = 0);

    public static string NodeSubscriberScript => Path.Combine(RepoPaths.Root, "tools", "IIoT.Bench", "OpcUa", "node-subscriber.js");

    public async Task<(ManagedProcess Process, string Url, string Prefix)> StartServerAsync(int variables, int rateMs, int minSamplingMs)
    {
        var server = StartSelf("opcua-server", ["--variables", Text(variables), "--rate-ms", Text(rateMs), "--min-sampling-ms", Text(minSamplingMs)]);
        try
        {
            string? ready = null;
            await Wait.UntilAsync(() =>
            {
                ready = server.Output.Split('\n').FirstOrDefault(l => l.StartsWith("READY ", StringComparison.Ordinal));
                return ready is not null || server.HasExited;
            }, TimeSpan.FromSeconds(60), "the bench OPC UA server to print READY");
            if (ready is null)
            {
                throw new InvalidOperationException($"The bench OPC UA server exited ({server.ExitCode}): {Tail(server.Output)}");
            }

            var parts = ready.Trim().Split(' ');
            return (server, parts[1], parts[2]);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The runtime settings the gateway ships with (gateway/IIoT.Gateway/IIoT.Gateway.csproj), so our client is measured
    /// as it runs in the product: no PGO instrumentation tier, no thread-pool spinning, no background GC.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> GatewayRuntime = new Dictionary<string, string>
    {
        ["DOTNET_TieredPGO"] = "0",
        ["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0",
        ["DOTNET_gcConcurrent"] = "0",
    };

    public ManagedProcess StartOurClient(string url, string prefix, ClientSettings settings) =>
        StartSelf("opcua-client", ["--endpoint", url, "--prefix", prefix, .. settings.Arguments()], GatewayRuntime);

    public ManagedProcess StartNodeClient(string url, string prefix, ClientSettings settings)
    {
        if (nodeModules is null)
        {
            throw new InvalidOperationException("node-opcua is not available.");
        }

        var node = Executables.Require("node", "nodejs");
        return ManagedProcess.Start("node-opcua-client", node,
            [NodeSubscriberScript, "--endpoint", url, "--prefix", prefix, "--pki", Path.Combine(pkiFolder, "pki"), "--watch-stdin", .. settings.Arguments()],
            new Dictionary<string, string>
            {
                ["NODE_PATH"] = nodeModules,
                ["HOME"] = Path.Combine(pkiFolder, "home"),
                ["XDG_CONFIG_HOME"] = Path.Combine(pkiFolder, "home", ".config"),
                ["NO_COLOR"] = "1",
            });
    }

    /// <summary>
    /// Waits for the client's RESULT line (reading the server's CPU when the client opens and closes its window), then
    /// gives the client a few seconds to say goodbye and kills it.
    /// </summary>
    public static async Task<Run> WatchAsync(ManagedProcess client, ManagedProcess server, TimeSpan timeout)
    {
        var serverPid = server.Id;
        double? serverCpuStart = null, serverCpu = null;
        (double Values, double Seconds)? updatedStart = null, updatedEnd = null;
        string? resultLine = null;
        var deadline = DateTime.UtcNow + timeout;
        try
        {
            while (resultLine is null)
            {
                var lines = client.Output.Split('\n');
                if (serverCpuStart is null && lines.Any(l => l.StartsWith("MEASURING", StringComparison.Ordinal)))
                {
                    serverCpuStart = ProcSelf.CpuSeconds(serverPid);
                    updatedStart = LastUpdated(server);
                }

                resultLine = lines.FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
                if (resultLine is not null)
                {
                    serverCpu = ProcSelf.CpuSeconds(serverPid);
                    updatedEnd = LastUpdated(server);
                    break;
                }

                if (client.HasExited)
                {
                    return new Run(null, 0, $"{client.Name} exited ({client.ExitCode}) without a result: {Tail(client.Output)}");
                }

                if (DateTime.UtcNow > deadline)
                {
                    return new Run(null, 0, $"{client.Name} gave no result within {timeout.TotalSeconds:0} s: {Tail(client.Output)}");
                }

                await Task.Delay(50);
            }

            var result = JsonSerializer.Deserialize<ClientResult>(resultLine["RESULT ".Length..].Trim())
                         ?? throw new InvalidOperationException("Empty RESULT line.");
            using var goodbye = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await client.WaitForExitAsync(goodbye.Token);
            }
            catch (OperationCanceledException)
            {
            }

            var actual = updatedStart is { } a && updatedEnd is { } b && b.Seconds > a.Seconds ? (b.Values - a.Values) / (b.Seconds - a.Seconds) : 0;
            return new Run(result, serverCpuStart is { } start && serverCpu is { } end ? end - start : 0, null, actual);
        }
        catch (Exception e) when (e is IOException or JsonException or FormatException or InvalidOperationException)
        {
            return new Run(null, 0, $"{client.Name}: {e.Message}");
        }
        finally
        {
            await client.DisposeAsync();
        }
    }

    /// <summary>The server's last "UPDATED &lt;values set so far&gt; &lt;seconds&gt;" line.</summary>
    private static (double Values, double Seconds)? LastUpdated(ManagedProcess server)
    {
        var line = server.Output.Split('\n').LastOrDefault(l => l.StartsWith("UPDATED ", StringComparison.Ordinal));
        var parts = line?.Trim().Split(' ');
        return parts is { Length: 3 }
            ? (double.Parse(parts[1], CultureInfo.InvariantCulture), double.Parse(parts[2], CultureInfo.InvariantCulture))
            : null;
    }

    private static ManagedProcess StartSelf(string mode, string[] arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        // `dotnet IIoT.Bench.dll` or the apphost: run ourselves the same way.
        var host = Environment.ProcessPath ?? "dotnet";
        var dll = typeof(BenchChildren).Assembly.Location;
        IEnumerable<string> all = Path.GetFileNameWithoutExtension(host) == "dotnet"
            ? [dll, mode, "--watch-stdin", .. arguments]
            : [mode, "--watch-stdin", .. arguments];
        return ManagedProcess.Start("bench " + mode, host, all, environment is null ? null : new Dictionary<string, string>(environment));
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    internal static string Tail(string output) => output.Length <= 2000 ? output.Trim() : "..." + output[^2000..].Trim();
}
