using System.Globalization;
using IIoT.OpcUa.Client;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Cli;

/// <summary>iiot-opcua write: the Value attribute of one node, typed by --type or by the node's DataType.</summary>
internal static class WriteCommand
{
    public static async Task<int> RunAsync(CliArguments args, TextWriter output, CancellationToken cancellationToken)
    {
        args.RequirePositional(3, args.Positional.Count < 2 ? "<NodeId>" : "<value>");
        BuiltInType? requested = null;
        if (args.Option("type") is { } typeText)
        {
            requested = Enum.TryParse<BuiltInType>(typeText, true, out var t) && t is >= BuiltInType.Boolean and <= BuiltInType.DateTime
                ? t
                : throw new UsageException($"--type must be one of Boolean, SByte, Byte, Int16, UInt16, Int32, UInt32, Int64, UInt64, Float, Double, String, DateTime; not '{typeText}'");
        }

        await using var session = await CliApp.ConnectAsync(args.Positional[0], args, cancellationToken).ConfigureAwait(false);
        var nodeId = NodeIdText.Parse(args.Positional[1], session.NamespaceUris);
        var type = requested ?? await DataTypeOfAsync(session, nodeId, args.Positional[1], cancellationToken).ConfigureAwait(false);
        var value = Convert(args.Positional[2], type);
        var status = await session.WriteAsync(nodeId, value, cancellationToken).ConfigureAwait(false);
        if (status.IsBad)
        {
            throw new CliFailure($"{status.Name}: write of {args.Positional[1]} failed");
        }

        await output.WriteLineAsync($"{status.Name}: wrote {type} {ValueText.Format(value)} to {NodeIdText.Format(nodeId, session.NamespaceUris)}").ConfigureAwait(false);
        return CliApp.Ok;
    }

    private static async Task<BuiltInType> DataTypeOfAsync(UaSession session, NodeId nodeId, string text, CancellationToken cancellationToken)
    {
        var dataType = await session.ReadAsync(nodeId, AttributeIds.DataType, cancellationToken).ConfigureAwait(false);
        if (dataType.Status.IsBad)
        {
            throw new CliFailure($"{dataType.Status.Name}: cannot read the DataType of {text}");
        }

        if (dataType.Value.Value is NodeId { NamespaceIndex: 0, IdType: NodeIdType.Numeric } id && id.NumericId is >= 1 and <= 13)
        {
            return (BuiltInType)id.NumericId;
        }

        throw new UsageException($"the DataType of {text} is {ValueText.DataTypeName(dataType.Value.Value as NodeId)}: give --type");
    }

    private static Variant Convert(string text, BuiltInType type)
    {
        var c = CultureInfo.InvariantCulture;
        try
        {
            return type switch
            {
                BuiltInType.Boolean => Variant.Scalar(type, bool.Parse(text)),
                BuiltInType.SByte => Variant.Scalar(type, sbyte.Parse(text, c)),
                BuiltInType.Byte => Variant.Scalar(type, byte.Parse(text, c)),
                BuiltInType.Int16 => Variant.Scalar(type, short.Parse(text, c)),
                BuiltInType.UInt16 => Variant.Scalar(type, ushort.Parse(text, c)),
                BuiltInType.Int32 => Variant.From(int.Parse(text, c)),
                BuiltInType.UInt32 => Variant.From(uint.Parse(text, c)),
                BuiltInType.Int64 => Variant.From(long.Parse(text, c)),
                BuiltInType.UInt64 => Variant.Scalar(type, ulong.Parse(text, c)),
                BuiltInType.Float => Variant.From(float.Parse(text, c)),
                BuiltInType.Double => Variant.From(double.Parse(text, c)),
                BuiltInType.String => Variant.From(text),
                BuiltInType.DateTime => Variant.From(UaDateTime.FromDateTime(DateTime.Parse(text, c, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal))),
                _ => throw new UsageException($"cannot write values of type {type}"),
            };
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new UsageException($"'{text}' is not a {type}");
        }
    }
}
