namespace IIoT.Testing;

/// <summary>
/// A real node-opcua server (tests/IIoT.Testing/NodeOpcua/server.js) on loopback, for interop tests of our own
/// OPC UA stack. SecurityPolicy None, anonymous; namespace "urn:iiot:test" holds Objects/Line1/Machine1..3 with
/// Temperature (Double, changes every 100 ms), Counter (Int32), State (String) and Running (Boolean), node ids
/// "s=Line1.Machine{n}.{Variable}". Its PKI and self-signed certificate live in a temp folder of its own.
/// </summary>
public sealed class NodeOpcuaServer : IAsyncDisposable
{
    public const string InstallCommand = "npm ci --prefix tests/IIoT.Testing/NodeOpcua --no-audit --no-fund";

    public const string NamespaceUri = "urn:iiot:test";

    // The first start creates a 2048-bit self-signed certificate; on a busy 2-core machine that takes a few seconds.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly TempFolder? _folder;
    private readonly ManagedProcess _process;

    private NodeOpcuaServer(ManagedProcess process, TempFolder? folder, int port)
    {
        _process = process;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The endpoint URL the server announced in its READY line (opc.tcp://127.0.0.1:port).</summary>
    public string EndpointUrl { get; private set; } = "";

    public string Output => _process.Output;

    public static string Folder => Path.Combine(RepoPaths.Root, "tests", "IIoT.Testing", "NodeOpcua");

    public static Task<NodeOpcuaServer> StartAsync() => StartAsync(new NodeOpcuaServerOptions());

    /// <summary>
    /// Starts server.js with <paramref name="options"/>: a fixed port and a reused folder let a test restart the server
    /// where its client expects it; the test nodes are described on <see cref="NodeOpcuaServerOptions"/>.
    /// </summary>
    public static async Task<NodeOpcuaServer> StartAsync(NodeOpcuaServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var script = Path.Combine(Folder, "server.js");
        if (!File.Exists(Path.Combine(Folder, "node_modules", "node-opcua", "package.json")))
        {
            throw new InvalidOperationException(
                $"node-opcua is not installed in {Folder}. Run from the repository root: {InstallCommand}");
        }

        var node = Executables.Require("node", "nodejs");
        var owned = options.Folder is null ? new TempFolder("node-opcua") : null;
        var root = options.Folder ?? owned!.Path;
        var port = options.Port != 0 ? options.Port : FreePort.Next();
        // HOME too: whatever node-opcua would put in the user's config folder stays in the temp folder.
        var environment = new Dictionary<string, string>
        {
            ["HOME"] = System.IO.Path.Combine(root, "home"),
            ["XDG_CONFIG_HOME"] = System.IO.Path.Combine(root, "home", ".config"),
            ["NO_COLOR"] = "1",
        };
        var process = ManagedProcess.Start("node-opcua", node,
            [script, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--pki", System.IO.Path.Combine(root, "pki"), .. options.Arguments()],
            environment, Folder);
        var server = new NodeOpcuaServer(process, owned, port);
        try
        {
            await Wait.UntilAsync(() =>
            {
                var ready = server.ReadyUrl();
                if (ready is not null)
                {
                    server.EndpointUrl = ready;
                    return true;
                }
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"node-opcua exited with {process.ExitCode}:\n{process.Output}");
                }
                return false;
            }, StartTimeout, "node-opcua to print READY").ConfigureAwait(false);
        }
        catch (Exception e)
        {
            var output = process.Output;
            await server.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"node-opcua did not start: {e.Message}\nOutput:\n{output}", e);
        }
        return server;
    }

    /// <summary>SIGTERM: server.js shuts node-opcua down and exits 0.</summary>
    public Task StopAsync() => _process.StopAsync(TimeSpan.FromSeconds(10));

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync().ConfigureAwait(false);
        _folder?.Dispose();
    }

    private string? ReadyUrl()
    {
        foreach (var line in _process.Output.Split('\n'))
        {
            if (line.StartsWith("READY ", StringComparison.Ordinal))
            {
                return line["READY ".Length..].Trim();
            }
        }
        return null;
    }
}
