using System.Buffers;
using System.Text.Json;
using IIoT.Contracts;
using IIoT.Contracts.V1;

namespace IIoT.Gateway.Collection.Mqtt.Mapping;

/// <summary>
/// One compiled mapping rule: a topic template plus how to read a JSON payload (an object, or an array of objects)
/// into points, one per value field. Everything that can be decided once (paths, sets, units) is decided here, so the
/// per-message path is a JsonDocument walk without LINQ.
/// </summary>
internal sealed class MappingRule
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32 };

    private readonly TopicTemplate _topic;
    private readonly string? _site, _area, _line, _machine;
    private readonly string[]? _timestampPath;
    private readonly TimestampFormat _timestampFormat;
    private readonly string[]? _valuesPath;
    private readonly string[]? _qualityPath;
    // The timestamp and quality fields are not values; these are their names relative to the values object, if inside it.
    private readonly string? _timestampSignal;
    private readonly string? _qualitySignal;
    private readonly HashSet<string>? _include;
    private readonly HashSet<string>? _exclude;
    private readonly Dictionary<string, string> _units;

    private MappingRule(MappingRuleOptions options, TopicTemplate topic)
    {
        Name = options.Name;
        _topic = topic;
        _site = NullIfEmpty(options.Site);
        _area = NullIfEmpty(options.Area);
        _line = NullIfEmpty(options.Line);
        _machine = NullIfEmpty(options.Machine);
        _timestampPath = SplitPath(options.TimestampField);
        _timestampFormat = options.TimestampFormat;
        _valuesPath = SplitPath(options.ValuesPath);
        _qualityPath = SplitPath(options.QualityField);
        _timestampSignal = RelativeTo(options.ValuesPath, options.TimestampField);
        _qualitySignal = RelativeTo(options.ValuesPath, options.QualityField);
        _include = options.Include.Count > 0 ? new HashSet<string>(options.Include, StringComparer.Ordinal) : null;
        _exclude = options.Exclude.Count > 0 ? new HashSet<string>(options.Exclude, StringComparer.Ordinal) : null;
        _units = new Dictionary<string, string>(options.Units, StringComparer.Ordinal);
    }

    public string Name { get; }

    /// <summary>Problems that stop a rule from compiling; empty when it is valid.</summary>
    public static List<string> Problems(MappingRuleOptions options)
    {
        var problems = new List<string>();
        var prefix = $"Mqtt:Rules '{options.Name}'";
        if (!TopicTemplate.TryParse(options.Topic, out var template, out var error))
        {
            problems.Add($"{prefix}: Topic '{options.Topic}': {error}.");
            return problems;
        }
        CheckAsset(problems, prefix, template!, AssetField.Site, options.Site);
        CheckAsset(problems, prefix, template!, AssetField.Area, options.Area);
        CheckAsset(problems, prefix, template!, AssetField.Line, options.Line);
        CheckAsset(problems, prefix, template!, AssetField.Machine, options.Machine);
        CheckPath(problems, prefix, "TimestampField", options.TimestampField);
        CheckPath(problems, prefix, "ValuesPath", options.ValuesPath);
        CheckPath(problems, prefix, "QualityField", options.QualityField);
        if (!Enum.IsDefined(options.TimestampFormat))
        {
            problems.Add($"{prefix}: TimestampFormat {(int)options.TimestampFormat} is not defined.");
        }
        return problems;
    }

    public static MappingRule Compile(MappingRuleOptions options)
    {
        var problems = Problems(options);
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }
        TopicTemplate.TryParse(options.Topic, out var template, out _);
        return new MappingRule(options, template!);
    }

    public bool TryMatchTopic(string topic, out TopicCaptures captures)
    {
        captures = TopicCaptures.None;
        return _topic.TryMatch(topic, ref captures);
    }

    /// <summary>Appends one framed point per value to <paramref name="output"/>; on an error nothing is appended.</summary>
    public MappingResult Map(string topic, in TopicCaptures captures, ReadOnlySequence<byte> payload, long receiveTimeNs,
        string source, List<ReadOnlyMemory<byte>> output)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload, DocumentOptions);
        }
        catch (JsonException e)
        {
            return MappingResult.Failed(MappingError.MalformedJson, e.Message);
        }
        using (document)
        {
            var asset = new AssetPath
            {
                Site = _site ?? captures.Get(topic, AssetField.Site),
                Area = _area ?? captures.Get(topic, AssetField.Area),
                Line = _line ?? captures.Get(topic, AssetField.Line),
                Machine = _machine ?? captures.Get(topic, AssetField.Machine),
            };
            var context = new MessageContext(asset, receiveTimeNs, source, output);
            var start = output.Count;
            MappingResult result;
            try
            {
                result = MapRoot(document.RootElement, context);
            }
            catch (InvalidOperationException e)
            {
                // Valid JSON structure whose text is not valid UTF-8 (the reader checks that only when a string is read):
                // a poison message must be dead-lettered, not left unacknowledged for ever.
                result = MappingResult.Failed(MappingError.MalformedJson, e.Message);
            }
            if (!result.Succeeded)
            {
                // The whole message goes to the dead letters, so none of its points may reach the buffer.
                output.RemoveRange(start, output.Count - start);
            }
            return result;
        }
    }

    private MappingResult MapRoot(JsonElement root, MessageContext context)
    {
        if (root.ValueKind == JsonValueKind.Object)
        {
            return MapObject(root, context);
        }
        if (root.ValueKind != JsonValueKind.Array)
        {
            return MappingResult.Failed(MappingError.MalformedJson, $"the payload is a JSON {root.ValueKind}, not an object or array");
        }
        var result = MappingResult.Failed(MappingError.NoValues, "the payload is an empty array");
        var points = 0;
        foreach (var element in root.EnumerateArray())
        {
            result = element.ValueKind == JsonValueKind.Object
                ? MapObject(element, context)
                : MappingResult.Failed(MappingError.MalformedJson, $"array element is {element.ValueKind}, not an object");
            if (!result.Succeeded)
            {
                return result;
            }
            points += result.Points;
        }
        return result.Succeeded ? MappingResult.Mapped(points) : result;
    }

    private MappingResult MapObject(JsonElement message, MessageContext context)
    {
        long sourceTimeNs;
        if (_timestampPath is null)
        {
            sourceTimeNs = context.ReceiveTimeNs;
        }
        else if (!TryResolve(message, _timestampPath, out var timestamp))
        {
            return MappingResult.Failed(MappingError.MissingTimestamp, "no timestamp field");
        }
        else if (!TimestampParser.TryParse(timestamp, _timestampFormat, out sourceTimeNs))
        {
            return MappingResult.Failed(MappingError.InvalidTimestamp,
                $"timestamp {Truncate(timestamp.GetRawText())} is not {_timestampFormat}");
        }

        var quality = Quality.Good;
        uint status = 0;
        if (_qualityPath is not null && TryResolve(message, _qualityPath, out var qualityElement))
        {
            (quality, status) = QualityParser.Parse(qualityElement);
        }

        JsonElement values = message;
        if (_valuesPath is not null && (!TryResolve(message, _valuesPath, out values) || values.ValueKind != JsonValueKind.Object))
        {
            return MappingResult.Failed(MappingError.NoValues, "no values object at the values path");
        }
        var point = new PointTemplate(sourceTimeNs, quality, status);
        var start = context.Output.Count;
        var error = AddValues(values, "", point, context);
        if (error is not null)
        {
            return MappingResult.Failed(MappingError.MalformedJson, error);
        }
        var added = context.Output.Count - start;
        return added == 0 ? MappingResult.Failed(MappingError.NoValues, "no value fields") : MappingResult.Mapped(added);
    }

    private string? AddValues(JsonElement values, string prefix, in PointTemplate template, MessageContext context)
    {
        foreach (var property in values.EnumerateObject())
        {
            var signal = prefix.Length == 0 ? property.Name : string.Concat(prefix, ".", property.Name);
            var value = property.Value;
            if (value.ValueKind == JsonValueKind.Object)
            {
                var error = AddValues(value, signal, template, context);
                if (error is not null)
                {
                    return error;
                }
                continue;
            }
            // Arrays and nulls carry no single value; the timestamp and quality are metadata.
            if (value.ValueKind is JsonValueKind.Array or JsonValueKind.Null or JsonValueKind.Undefined
                || signal == _timestampSignal || signal == _qualitySignal
                || (_include is not null && !_include.Contains(signal))
                || (_exclude is not null && _exclude.Contains(signal)))
            {
                continue;
            }
            var point = new Point
            {
                Asset = context.Asset,
                Signal = signal,
                SourceTimeNs = template.SourceTimeNs,
                ReceiveTimeNs = context.ReceiveTimeNs,
                Quality = template.Quality,
                SourceStatus = template.Status,
                Source = context.Source,
            };
            if (_units.TryGetValue(signal, out var unit))
            {
                point.Unit = unit;
            }
            switch (value.ValueKind)
            {
                case JsonValueKind.Number:
                    if (value.TryGetInt64(out var integer))
                    {
                        point.IntValue = integer;
                    }
                    else if (value.TryGetDouble(out var number) && double.IsFinite(number))
                    {
                        point.DoubleValue = number;
                    }
                    else
                    {
                        return $"'{signal}' is a number out of range";
                    }
                    break;
                case JsonValueKind.True:
                    point.BoolValue = true;
                    break;
                case JsonValueKind.False:
                    point.BoolValue = false;
                    break;
                default:
                    point.StringValue = value.GetString() ?? "";
                    break;
            }
            context.Output.Add(BatchFraming.Frame(point));
        }
        return null;
    }

    private static bool TryResolve(JsonElement element, string[] path, out JsonElement result)
    {
        result = element;
        for (var i = 0; i < path.Length; i++)
        {
            if (result.ValueKind != JsonValueKind.Object || !result.TryGetProperty(path[i], out result))
            {
                return false;
            }
        }
        return true;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string[]? SplitPath(string? path) => string.IsNullOrEmpty(path) ? null : path.Split('.');

    private static string? RelativeTo(string? valuesPath, string? field)
    {
        if (string.IsNullOrEmpty(field))
        {
            return null;
        }
        if (string.IsNullOrEmpty(valuesPath))
        {
            return field;
        }
        return field.StartsWith(valuesPath + ".", StringComparison.Ordinal) ? field[(valuesPath.Length + 1)..] : null;
    }

    private static string Truncate(string text) => text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 64), "...");

    private static void CheckAsset(List<string> problems, string prefix, TopicTemplate template, AssetField field, string? fixedValue)
    {
        if (string.IsNullOrEmpty(fixedValue) && !template.Captures(field))
        {
            problems.Add($"{prefix}: the topic does not capture {{{field.ToString().ToLowerInvariant()}}} and {field} is not set.");
        }
    }

    private static void CheckPath(List<string> problems, string prefix, string name, string? path)
    {
        if (path is not null && (path.Length == 0 || Array.IndexOf(path.Split('.'), "") >= 0))
        {
            problems.Add($"{prefix}: {name} '{path}' is not a dotted path of field names.");
        }
    }

    private sealed record MessageContext(AssetPath Asset, long ReceiveTimeNs, string Source, List<ReadOnlyMemory<byte>> Output);

    private readonly record struct PointTemplate(long SourceTimeNs, Quality Quality, uint Status);
}
