using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using IIoT.OpcUa.Client;
using IIoT.OpcUa.Stack.Services;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Cli;

/// <summary>
/// iiot-opcua config: browses a subtree and writes the gateway's "OpcUa" section with one explicit Nodes entry per
/// variable (properties such as EURange are metadata, not signals), ids in the nsu= form so they survive a server that
/// renumbers its namespaces. Machine: the browse-path segment at --machine-level below the root; Signal: the browse name.
/// </summary>
internal static class ConfigCommand
{
    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true };

    public static async Task<int> RunAsync(CliArguments args, TextWriter output, CancellationToken cancellationToken)
    {
        args.RequirePositional(1, "<url>");
        var rootText = args.Option("root") ?? throw new UsageException("config needs --root <NodeId>");
        var machineLevel = args.IntOption("machine-level", 1, 0);
        var depth = args.IntOption("depth", 10, 1);
        var sampling = args.TimeOption("sampling", TimeSpan.FromSeconds(1));
        var publishing = args.TimeOption("publishing", TimeSpan.FromSeconds(1));
        var url = args.Positional[0];

        await using var session = await CliApp.ConnectAsync(url, args, cancellationToken).ConfigureAwait(false);
        var rootId = NodeIdText.Parse(rootText, session.NamespaceUris);
        var root = await TreeWalker.WalkAsync(session, rootId, depth, cancellationToken).ConfigureAwait(false);
        var variables = TreeWalker.Descendants(root).Where(n => n.NodeClass == NodeClass.Variable && !n.IsProperty).ToArray();
        var units = await UnitsAsync(session, variables, cancellationToken).ConfigureAwait(false);

        var nodes = new JsonArray();
        for (var i = 0; i < variables.Length; i++)
        {
            var variable = variables[i];
            var entry = new JsonObject { ["NodeId"] = NodeIdText.Format(variable.Id, session.NamespaceUris) };
            // The machine segment must lie above the variable itself; level 0 means "no machine in the path". Kept as
            // browsed, like the gateway's Folders rule, so a Folders and a Nodes configuration give the same asset path.
            if (machineLevel > 0 && variable.Path.Count > machineLevel)
            {
                entry["Machine"] = variable.Path[machineLevel - 1];
            }

            entry["Signal"] = SignalName.From(variable.BrowseName.Name ?? "");
            if (units[i] is { } unit)
            {
                entry["Unit"] = unit;
            }

            nodes.Add(entry);
        }

        var name = args.Option("name") ?? "line1";
        var config = new JsonObject
        {
            ["OpcUa"] = new JsonObject
            {
                ["Endpoints"] = new JsonArray(new JsonObject
                {
                    ["Name"] = name,
                    ["Url"] = url,
                    ["UserName"] = args.Option("user"),
                    ["Password"] = null, // never written to a file: fill in by hand or from a secret store
                    ["Site"] = args.Option("site"),
                    ["Area"] = args.Option("area"),
                    ["Line"] = args.Option("line") ?? name,
                    ["Groups"] = new JsonArray(new JsonObject
                    {
                        ["Name"] = "default",
                        ["SamplingInterval"] = sampling.ToString("c", CultureInfo.InvariantCulture),
                        ["PublishingInterval"] = publishing.ToString("c", CultureInfo.InvariantCulture),
                        ["QueueSize"] = 10,
                        ["DeadbandType"] = "None",
                        ["DeadbandValue"] = 0,
                        ["Nodes"] = nodes,
                        ["BrowsePaths"] = new JsonArray(),
                        ["Folders"] = new JsonArray(),
                    }),
                }),
            },
        };

        var json = config.ToJsonString(Pretty);
        if (args.Option("out") is { } path)
        {
            await File.WriteAllTextAsync(path, json + Environment.NewLine, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"wrote {variables.Length} nodes below {NodeIdText.Format(rootId, session.NamespaceUris)} to {path}").ConfigureAwait(false);
        }
        else
        {
            await output.WriteLineAsync(json).ConfigureAwait(false);
        }

        return CliApp.Ok;
    }

    /// <summary>The text of each variable's EngineeringUnits property (EUInformation.DisplayName), null where it has none.</summary>
    private static async Task<string?[]> UnitsAsync(UaSession session, BrowsedNode[] variables, CancellationToken cancellationToken)
    {
        var units = new string?[variables.Length];
        var properties = new List<(int Index, NodeId Id)>();
        for (var i = 0; i < variables.Length; i++)
        {
            var property = variables[i].Children.FirstOrDefault(c => c.IsProperty && c.BrowseName is { NamespaceIndex: 0, Name: "EngineeringUnits" });
            if (property is not null)
            {
                properties.Add((i, property.Id));
            }
        }

        if (properties.Count == 0)
        {
            return units;
        }

        var values = await session.ReadAsync(properties.Select(p => new ReadValueId { NodeId = p.Id, AttributeId = AttributeIds.Value }).ToArray(),
            TimestampsToReturn.Neither, cancellationToken).ConfigureAwait(false);
        for (var k = 0; k < properties.Count; k++)
        {
            if (values[k].Value.Value is ExtensionObject body
                && ExtensionObjects.TryUnwrap<EUInformation>(body, EUInformation.BinaryEncodingId, out var eu) && eu?.DisplayName.Text is { Length: > 0 } text)
            {
                units[properties[k].Index] = text;
            }
        }

        return units;
    }
}
