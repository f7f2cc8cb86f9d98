using System.Globalization;
using System.Text;

namespace IIoT.OpcUa.Generator.Bsd;

/// <summary>
/// Writes one sealed partial class per structured type: properties in field order, Encode, Decode and the
/// encoding/data type ids looked up by name in NodeIds.csv. Classes are grouped by first letter and split
/// further when a file would pass <c>maxFileBytes</c>.
/// </summary>
internal static class StructuresWriter
{
    public const int DefaultMaxFileBytes = 256 * 1024;

    private const string Ua = "global::IIoT.OpcUa.Types.";

    // Members every class has; a field with one of these names gets a trailing underscore.
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "Encode", "Decode", "BinaryEncodingId", "TypeId", "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone",
    };

    public static IReadOnlyList<GeneratedFile> Write(StructureModel model, IReadOnlyList<IdRow> nodeIds,
        int maxFileBytes = DefaultMaxFileBytes)
    {
        var objects = nodeIds.Where(r => r.NodeClass == "Object").Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var dataTypes = nodeIds.Where(r => r.NodeClass == "DataType").Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var files = new List<GeneratedFile> { EnumsWriter.Write(model), SkippedFile(model), TableFile(model, objects) };
        var groups = model.Structs.Values.OrderBy(s => s.Name, StringComparer.Ordinal)
            .GroupBy(s => char.ToUpperInvariant(s.Name[0]));
        foreach (var group in groups)
        {
            var parts = new List<StringBuilder>();
            StringBuilder? current = null;
            foreach (var s in group)
            {
                var code = Class(model, s, objects, dataTypes);
                if (current is null || current.Length + code.Length > maxFileBytes)
                {
                    current = BsdSource.Begin();
                    parts.Add(current);
                }
                current.Append(code);
            }
            for (var i = 0; i < parts.Count; i++)
            {
                var suffix = parts.Count == 1 ? "" : "." + (i + 1).ToString(CultureInfo.InvariantCulture);
                files.Add(new GeneratedFile($"Structures.{group.Key}{suffix}.g.cs", parts[i].ToString()));
            }
        }
        return files;
    }

    /// <summary>Every structure with a DefaultBinary encoding, by that id: what decodes an ExtensionObject body of any type.</summary>
    private static GeneratedFile TableFile(StructureModel model, HashSet<string> objects)
    {
        var text = BsdSource.Begin();
        text.Append("\npublic static partial class EncodeableTypes\n{\n");
        text.Append("    private static global::System.Collections.Generic.Dictionary<uint, EncodeableType> Build() => new()\n    {\n");
        foreach (var s in model.Structs.Values.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            var name = BsdSource.Identifier(s.Name, "structure");
            if (!objects.Contains(name + "_Encoding_DefaultBinary")) continue;
            text.Append("        [").Append(name).Append(".BinaryEncodingId] = new(typeof(").Append(name)
                .Append("), static (ref ").Append(Ua).Append("UaBinaryReader r) => ").Append(name).Append(".Decode(ref r)),\n");
        }
        text.Append("    };\n}\n");
        return new GeneratedFile("EncodeableTypes.g.cs", text.ToString());
    }

    private static GeneratedFile SkippedFile(StructureModel model)
    {
        var text = new StringBuilder();
        text.Append(BsdSource.Header).Append('\n');
        text.Append("// Built-in entries of the BSD, not generated: IIoT.OpcUa.Types has hand-written codecs for them and the BSD's\n");
        text.Append("// description does not match the wire (PROTOCOL-NOTES §5):\n//   ");
        text.Append(string.Join(", ", BuiltInFields.SchemaOnly.Order(StringComparer.Ordinal))).Append('\n');
        text.Append("// Other structured types that are not generated, and why:\n");
        foreach (var (name, reason) in model.Skipped) text.Append("//   ").Append(name).Append(": ").Append(reason).Append('\n');
        if (model.Skipped.Count == 0) text.Append("//   (none)\n");
        return new GeneratedFile("Skipped.g.cs", text.ToString());
    }

    private static string Class(StructureModel model, BsdStruct s, HashSet<string> objects, HashSet<string> dataTypes)
    {
        var name = BsdSource.Identifier(s.Name, "structure");
        var fields = s.Fields.Select(f => new FieldCode(model, s, f, PropertyName(name, f.Name))).ToList();
        if (fields.Select(f => f.Property).Distinct(StringComparer.Ordinal).Count() != fields.Count)
            throw new FormatException($"BSD: {s.Name} has two fields with the same name.");
        var encodingId = name + "_Encoding_DefaultBinary";
        var text = new StringBuilder();
        text.Append('\n');
        BsdSource.Doc(text, s.Documentation, "");
        text.Append("public sealed partial class ").Append(name).Append(" : ").Append(BsdSource.Global).Append("IEncodeable<").Append(name).Append('>');
        // Service messages start with their header; the interface lets a service table stamp and read it generically.
        var first = fields.Count > 0 ? fields[0].Property : null;
        if (first == "RequestHeader") text.Append(", ").Append(BsdSource.Global).Append("IServiceRequest");
        if (first == "ResponseHeader") text.Append(", ").Append(BsdSource.Global).Append("IServiceResponse");
        text.Append("\n{\n");
        text.Append("    /// <summary>The DefaultBinary encoding id (the TypeId of an ExtensionObject body or a service message); 0 if it has none.</summary>\n");
        text.Append("    public const uint BinaryEncodingId = ")
            .Append(objects.Contains(encodingId) ? Ua + "ObjectIds." + encodingId : "0").Append(";\n\n");
        text.Append("    /// <summary>The DataType node id; 0 if NodeIds.csv has none.</summary>\n");
        text.Append("    public const uint TypeId = ").Append(dataTypes.Contains(name) ? Ua + "DataTypeIds." + name : "0").Append(";\n\n");
        text.Append("    uint ").Append(BsdSource.Global).Append("IEncodeable.BinaryEncodingId => BinaryEncodingId;\n");
        foreach (var f in fields) f.AppendProperty(text);
        text.Append("\n    public void Encode(").Append(Ua).Append("UaBinaryWriter writer)\n    {\n");
        foreach (var f in fields) f.AppendEncode(text);
        text.Append("    }\n\n");
        text.Append("    public static ").Append(name).Append(" Decode(ref ").Append(Ua).Append("UaBinaryReader reader)\n    {\n");
        // Counts against the shared nesting budget, so self-nesting types (through arrays) cannot exhaust the stack.
        text.Append("        reader.EnterNesting(\"").Append(name).Append("\");\n");
        text.Append("        var value = new ").Append(name).Append("();\n");
        foreach (var f in fields) f.AppendDecode(text);
        text.Append("        reader.ExitNesting();\n        return value;\n    }\n}\n");
        return text.ToString();
    }

    private static string PropertyName(string className, string field)
    {
        var name = BsdSource.Identifier(field, $"field of {className}");
        return name == className || Reserved.Contains(name) ? name + "_" : name;
    }
}
