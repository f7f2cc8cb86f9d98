using IIoT.OpcUa.Client;
using IIoT.OpcUa.Stack.Services;

namespace IIoT.OpcUa.Cli;

/// <summary>The tool's entry point, hostable in-process: exit code 0 ok, 1 failure, 2 usage.</summary>
internal static class CliApp
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int Usage = 2;

    public const string UsageText = """
        usage: iiot-opcua <command> <url> [arguments] [options]

        commands:
          browse <url> [--node <NodeId>] [--depth N]
              tree of BrowseName (NodeClass, NodeId, DataType of variables) below a node (default: Objects, i=85; depth 3)
          read <url> <NodeId> [--attribute Value|DisplayName|BrowseName|DataType|NodeClass|...]
              one attribute (default Value) with its status and source/server timestamps
          write <url> <NodeId> <value> [--type Boolean|Int32|UInt32|Int64|Float|Double|String|...]
              writes the Value attribute (type: the node's DataType when not given)
          config <url> --root <NodeId> [--name line1] [--site S] [--area A] [--line L] [--machine-level N]
                 [--depth N] [--sampling 00:00:01] [--publishing 00:00:01] [--out file.json]
              browses the subtree (depth 10 by default) and writes the gateway's {"OpcUa": {...}} section (stdout without
              --out) with one Nodes entry per variable: NodeId in the nsu= form, Machine = the browse-path segment at
              --machine-level below the root (default 1, 0 = none), Signal = BrowseName lower-cased with every character
              outside [a-z0-9_] as '_', Unit = EngineeringUnits display name when the node has one

        options of every command:
          --user U --password P    user name login (anonymous without)
          --timeout 00:00:10       connect and request timeout

        NodeId forms: i=85, s=Name, g=<guid>, b=<base64>, each optionally after ns=<index>; or nsu=<namespace uri>;s=Name
        exit codes: 0 ok, 1 failure (the message names the OPC UA status), 2 usage
        """;

    private static readonly string[] SessionOptions = ["user", "password", "timeout"];

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        try
        {
            if (args.Count == 0 || args[0] is "-h" or "--help" or "help")
            {
                await (args.Count == 0 ? error : output).WriteLineAsync(UsageText).ConfigureAwait(false);
                return args.Count == 0 ? Usage : Ok;
            }

            var rest = args.Skip(1).ToArray();
            return args[0] switch
            {
                "browse" => await BrowseCommand.RunAsync(Parse(rest, "node", "depth"), output, cancellationToken).ConfigureAwait(false),
                "read" => await ReadCommand.RunAsync(Parse(rest, "attribute"), output, cancellationToken).ConfigureAwait(false),
                "write" => await WriteCommand.RunAsync(Parse(rest, "type"), output, cancellationToken).ConfigureAwait(false),
                "config" => await ConfigCommand.RunAsync(
                    Parse(rest, "root", "name", "site", "area", "line", "machine-level", "depth", "sampling", "publishing", "out"), output, cancellationToken)
                    .ConfigureAwait(false),
                _ => throw new UsageException($"unknown command '{args[0]}'"),
            };
        }
        catch (UsageException e)
        {
            await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            await error.WriteLineAsync(UsageText).ConfigureAwait(false);
            return Usage;
        }
        catch (CliFailure e)
        {
            await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return Failure;
        }
        catch (ServiceResultException e)
        {
            // The message starts with the status name, e.g. "BadNodeIdUnknown (0x80340000): ...".
            await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return Failure;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("error: cancelled").ConfigureAwait(false);
            return Failure;
        }
        catch (Exception e) when (e is IOException or TimeoutException or System.Net.Sockets.SocketException or OperationCanceledException)
        {
            await error.WriteLineAsync($"error: BadCommunicationError: {e.Message}").ConfigureAwait(false);
            return Failure;
        }
    }

    /// <summary>Connects without automatic reconnection: a one-shot tool should fail fast and say why.</summary>
    public static async Task<UaSession> ConnectAsync(string url, CliArguments args, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !string.Equals(uri.Scheme, "opc.tcp", StringComparison.OrdinalIgnoreCase)
            || string.IsNullOrEmpty(uri.Host))
        {
            throw new CliFailure($"BadTcpEndpointUrlInvalid: '{url}' is not an opc.tcp://host:port URL");
        }

        var user = args.Option("user");
        var password = args.Option("password");
        if ((user is null) != (password is null))
        {
            throw new UsageException("--user and --password go together");
        }

        var timeout = args.TimeOption("timeout", TimeSpan.FromSeconds(10));
        return await UaSession.ConnectAsync(new ClientOptions
        {
            EndpointUrl = url,
            Identity = user is null ? UserIdentity.Anonymous : UserIdentity.FromUserName(user, password!),
            SessionName = "iiot-opcua",
            ApplicationUri = "urn:iiot:opcua-cli",
            ApplicationName = "iiot-opcua",
            ConnectTimeout = timeout,
            RequestTimeout = timeout,
            AutoReconnect = false,
        }, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static CliArguments Parse(string[] args, params string[] options) => CliArguments.Parse(args, [.. options, .. SessionOptions]);
}
