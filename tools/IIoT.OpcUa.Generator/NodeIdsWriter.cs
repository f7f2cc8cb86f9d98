using System.Text;

namespace IIoT.OpcUa.Generator;

/// <summary>
/// NodeIds.csv (name, numeric id, node class) -> one static class per node class ("Variable" ->
/// VariableIds), all in namespace 0. A class whose file would pass <see cref="DefaultMaxFileBytes"/>
/// is cut into partial files VariableIds.1.g.cs, VariableIds.2.g.cs, ... (our tools take at most
/// 1 MiB a file). No XML docs per constant: the names are the documentation and the files stay small.
/// </summary>
internal static class NodeIdsWriter
{
    public const int DefaultMaxFileBytes = 256 * 1024;
    private const string Source = "NodeIds.csv";

    public static IReadOnlyList<GeneratedFile> Write(IReadOnlyList<string[]> rows, int maxFileBytes = DefaultMaxFileBytes)
    {
        var files = new List<GeneratedFile>();
        var byClass = IdRows.Read(rows, Source, expectedColumns: 3)
            .GroupBy(r => r.NodeClass, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);

        foreach (var group in byClass)
        {
            var className = group.Key + "Ids";
            var duplicate = group.GroupBy(r => r.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                throw new FormatException($"{Source}: {className} has the name {duplicate.Key} twice.");
            }

            var lines = group.OrderBy(r => r.Id).ThenBy(r => r.Name, StringComparer.Ordinal)
                .Select(r => $"    public const uint {r.Name} = {r.Id};\n")
                .ToList();
            var parts = Split(lines, maxFileBytes);
            for (var p = 0; p < parts.Count; p++)
            {
                var fileName = parts.Count == 1 ? $"{className}.g.cs" : $"{className}.{p + 1}.g.cs";
                files.Add(new GeneratedFile(fileName, Render(className, group.Key, parts[p], first: p == 0)));
            }
        }
        return files;
    }

    private static string Render(string className, string nodeClass, List<string> lines, bool first)
    {
        var text = SourceText.Begin();
        if (first)
        {
            text.Append("/// <summary>Numeric ids of the standard ").Append(nodeClass)
                .Append(" nodes in namespace 0 (OPC 10000-6 Annex A.3).</summary>\n");
        }
        text.Append("public static partial class ").Append(className).Append("\n{\n");
        foreach (var line in lines)
        {
            text.Append(line);
        }
        text.Append("}\n");
        return text.ToString();
    }

    /// <summary>Cuts the constant lines into runs whose rendered file stays under the budget (about 300 bytes go to header and braces).</summary>
    private static List<List<string>> Split(List<string> lines, int maxFileBytes)
    {
        const int overhead = 400;
        var parts = new List<List<string>> { new() };
        var size = overhead;
        foreach (var line in lines)
        {
            var bytes = Encoding.UTF8.GetByteCount(line);
            if (size + bytes > maxFileBytes && parts[^1].Count > 0)
            {
                parts.Add([]);
                size = overhead;
            }
            parts[^1].Add(line);
            size += bytes;
        }
        return parts;
    }
}
