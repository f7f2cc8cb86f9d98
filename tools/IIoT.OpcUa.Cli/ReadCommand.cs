using System.Reflection;
using IIoT.OpcUa.Client;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Cli;

/// <summary>iiot-opcua read: one attribute with status (by name) and both timestamps.</summary>
internal static class ReadCommand
{
    public static async Task<int> RunAsync(CliArguments args, TextWriter output, CancellationToken cancellationToken)
    {
        args.RequirePositional(2, "<NodeId>");
        var attribute = AttributeId(args.Option("attribute") ?? "Value");
        await using var session = await CliApp.ConnectAsync(args.Positional[0], args, cancellationToken).ConfigureAwait(false);
        var nodeId = NodeIdText.Parse(args.Positional[1], session.NamespaceUris);
        var value = await session.ReadAsync(nodeId, attribute.Id, cancellationToken).ConfigureAwait(false);
        if (value.Status.IsBad && value.Value.IsNull)
        {
            throw new CliFailure($"{value.Status.Name}: cannot read {attribute.Name} of {args.Positional[1]}");
        }

        await output.WriteLineAsync($"NodeId:          {NodeIdText.Format(nodeId, session.NamespaceUris)}").ConfigureAwait(false);
        await output.WriteLineAsync($"Attribute:       {attribute.Name}").ConfigureAwait(false);
        await output.WriteLineAsync($"Value:           {ValueText.Format(value.Value)}").ConfigureAwait(false);
        await output.WriteLineAsync($"Type:            {value.Value.Type}{(value.Value.IsArray ? "[]" : "")}").ConfigureAwait(false);
        await output.WriteLineAsync($"Status:          {value.Status.Name} (0x{value.Status.Code:X8})").ConfigureAwait(false);
        await output.WriteLineAsync($"SourceTimestamp: {ValueText.Time(value.SourceTimestamp)}").ConfigureAwait(false);
        await output.WriteLineAsync($"ServerTimestamp: {ValueText.Time(value.ServerTimestamp)}").ConfigureAwait(false);
        return CliApp.Ok;
    }

    /// <summary>An attribute by its name in OPC 10000-3 (case-insensitive) or its number.</summary>
    private static (uint Id, string Name) AttributeId(string text)
    {
        foreach (var field in typeof(AttributeIds).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            if (field.FieldType == typeof(uint) && field.GetRawConstantValue() is uint id
                && (string.Equals(field.Name, text, StringComparison.OrdinalIgnoreCase) || text == id.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            {
                return (id, field.Name);
            }
        }

        throw new UsageException($"unknown attribute '{text}' (e.g. Value, DisplayName, BrowseName, DataType, NodeClass, AccessLevel)");
    }
}
