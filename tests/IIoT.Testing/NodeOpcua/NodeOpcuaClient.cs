using System.Text.Json;

namespace IIoT.Testing;

/// <summary>
/// Runs the real node-opcua client (tests/IIoT.Testing/NodeOpcua/client.js) against an OPC UA server, for interop tests
/// of our server. One run = connect (SecurityPolicy None), one session (anonymous or user name), the given commands,
/// close, exit. Each command prints one "RESULT {json}" line, parsed into <see cref="Result.Results"/>; a failure
/// prints "ERROR ..." and exits non-zero. The process is killed when it outlives the timeout, so none is left behind.
/// The client's PKI (its self-signed certificate, made once per test run) lives in a temp folder shared by all runs.
/// </summary>
public static class NodeOpcuaClient
{
    private static readonly Lazy<TempFolder> Pki = new(() =>
    {
        var folder = new TempFolder("node-opcua-client");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => folder.Dispose();
        return folder;
    });

    private static readonly SemaphoreSlim FirstRun = new(1, 1);
    private static bool _certificateMade;

    /// <summary>The outcome of one client run.</summary>
    /// <param name="ExitCode">0 when every command succeeded.</param>
    /// <param name="Results">One JSON document per command, in order.</param>
    /// <param name="Error">The text after "ERROR", or null.</param>
    /// <param name="Output">Everything node-opcua printed, for assertion messages.</param>
    public sealed record Result(int ExitCode, IReadOnlyList<JsonElement> Results, string? Error, string Output)
    {
        public bool Succeeded => ExitCode == 0 && Error is null;
    }

    /// <summary>
    /// Runs <paramref name="commands"/> (objects serialized to the JSON command list of client.js) on one session.
    /// </summary>
    public static async Task<Result> RunAsync(string endpointUrl, IEnumerable<object> commands, string? user = null, string? password = null,
        int maxReferencesPerNode = 0, TimeSpan? timeout = null)
    {
        var folder = NodeOpcuaServer.Folder;
        if (!File.Exists(Path.Combine(folder, "node_modules", "node-opcua", "package.json")))
        {
            throw new InvalidOperationException($"node-opcua is not installed in {folder}. Run from the repository root: {NodeOpcuaServer.InstallCommand}");
        }

        var node = Executables.Require("node", "nodejs");
        var pki = Pki.Value;
        var arguments = new List<string>
        {
            Path.Combine(folder, "client.js"),
            "--endpoint", endpointUrl,
            "--pki", pki.Combine("pki"),
            "--max-refs", maxReferencesPerNode.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--commands", JsonSerializer.Serialize(commands),
        };
        if (user is not null)
        {
            arguments.AddRange(["--user", user, "--password", password ?? ""]);
        }

        var environment = new Dictionary<string, string>
        {
            ["HOME"] = pki.Combine("home"),
            ["XDG_CONFIG_HOME"] = pki.Combine("home", ".config"),
            ["NO_COLOR"] = "1",
        };

        // The first run makes the client certificate; runs in parallel would each make one in the same folder.
        var serialize = !Volatile.Read(ref _certificateMade);
        if (serialize)
        {
            await FirstRun.WaitAsync().ConfigureAwait(false);
        }

        try
        {
            await using var process = ManagedProcess.Start("node-opcua-client", node, arguments, environment, folder);
            using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await process.KillAsync().ConfigureAwait(false);
                return new Result(-1, [], $"timed out after {timeout ?? TimeSpan.FromSeconds(60)}", process.Output);
            }

            // Process.WaitForExitAsync also waits for the end of the redirected output, so every line is in.
            var output = process.Output;
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

            if (process.ExitCode == 0)
            {
                Volatile.Write(ref _certificateMade, true);
            }

            return new Result(process.ExitCode, results, error, output);
        }
        finally
        {
            if (serialize)
            {
                FirstRun.Release();
            }
        }
    }
}
