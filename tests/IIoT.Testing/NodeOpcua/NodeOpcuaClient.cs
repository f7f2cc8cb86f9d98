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
        await using var run = await StartAsync(endpointUrl, commands, user, password, maxReferencesPerNode).ConfigureAwait(false);
        return await run.CompleteAsync(timeout ?? TimeSpan.FromSeconds(60)).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts client.js and returns while it runs, so a test can watch its PROGRESS lines and cut the connection or
    /// restart the server meanwhile. <paramref name="maxRetry"/> is node-opcua's connectionStrategy.maxRetry: 0 never
    /// reconnects, -1 reconnects forever (the session is repaired by node-opcua itself).
    /// </summary>
    public static async Task<NodeOpcuaClientRun> StartAsync(string endpointUrl, IEnumerable<object> commands, string? user = null, string? password = null,
        int maxReferencesPerNode = 0, int maxRetry = 0)
    {
        var folder = NodeOpcuaServer.Folder;
        if (!File.Exists(Path.Combine(folder, "node_modules", "node-opcua", "package.json")))
        {
            throw new InvalidOperationException($"node-opcua is not installed in {folder}. Run from the repository root: {NodeOpcuaServer.InstallCommand}");
        }

        var node = Executables.Require("node", "nodejs");
        var pki = Pki.Value;
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        var arguments = new List<string>
        {
            Path.Combine(folder, "client.js"),
            "--endpoint", endpointUrl,
            "--pki", pki.Combine("pki"),
            "--max-refs", maxReferencesPerNode.ToString(invariant),
            "--max-retry", maxRetry.ToString(invariant),
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

        // The first run makes the client certificate; runs in parallel would each make one in the same folder. So the
        // first run holds the gate until it has connected (the certificate exists then) or ended; later runs skip it.
        var serialize = !Volatile.Read(ref _certificateMade);
        if (serialize)
        {
            await FirstRun.WaitAsync().ConfigureAwait(false);
        }

        try
        {
            var process = ManagedProcess.Start("node-opcua-client", node, arguments, environment, folder);
            if (serialize && !Volatile.Read(ref _certificateMade))
            {
                using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                while (!process.HasExited && !process.Output.Contains("CONNECTED", StringComparison.Ordinal) && !deadline.IsCancellationRequested)
                {
                    await Task.Delay(20, CancellationToken.None).ConfigureAwait(false);
                }
                if (process.Output.Contains("CONNECTED", StringComparison.Ordinal))
                {
                    Volatile.Write(ref _certificateMade, true);
                }
            }
            return new NodeOpcuaClientRun(process, succeeded =>
            {
                if (succeeded)
                {
                    Volatile.Write(ref _certificateMade, true);
                }
            });
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
