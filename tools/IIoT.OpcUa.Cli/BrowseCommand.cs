using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Cli;

/// <summary>iiot-opcua browse: an indented tree, one line per node: BrowseName (NodeClass, NodeId[, DataType]).</summary>
internal static class BrowseCommand
{
    public static async Task<int> RunAsync(CliArguments args, TextWriter output, CancellationToken cancellationToken)
    {
        args.RequirePositional(1, "<url>");
        var depth = args.IntOption("depth", 3, 1);
        await using var session = await CliApp.ConnectAsync(args.Positional[0], args, cancellationToken).ConfigureAwait(false);
        var rootId = NodeIdText.Parse(args.Option("node") ?? "i=85", session.NamespaceUris);
        var root = await TreeWalker.WalkAsync(session, rootId, depth, cancellationToken).ConfigureAwait(false);
        await WriteAsync(output, root, 0, session.NamespaceUris).ConfigureAwait(false);
        return CliApp.Ok;
    }

    private static async Task WriteAsync(TextWriter output, BrowsedNode node, int indent, IReadOnlyList<string> namespaceUris)
    {
        var dataType = node.DataType is null ? "" : ", " + ValueText.DataTypeName(node.DataType);
        await output.WriteLineAsync($"{new string(' ', indent * 2)}{node.BrowseName} ({node.NodeClass}, {NodeIdText.Format(node.Id, namespaceUris)}{dataType})")
            .ConfigureAwait(false);
        foreach (var child in node.Children)
        {
            await WriteAsync(output, child, indent + 1, namespaceUris).ConfigureAwait(false);
        }
    }
}
