namespace IIoT.OpcUa.Generator;

/// <summary>AttributeIds.csv (name, id) -> AttributeIds.g.cs (OPC 10000-6 Annex A.1).</summary>
internal static class AttributeIdsWriter
{
    public const string FileName = "AttributeIds.g.cs";
    private const string Source = "AttributeIds.csv";

    public static GeneratedFile Write(IReadOnlyList<string[]> rows)
    {
        var ids = IdRows.Read(rows, Source, expectedColumns: 2)
            .OrderBy(r => r.Id).ThenBy(r => r.Name, StringComparer.Ordinal);

        var text = SourceText.Begin();
        text.Append("/// <summary>The ids of node attributes, as used in ReadValueId.AttributeId (OPC 10000-6 Annex A.1).</summary>\n");
        text.Append("public static class AttributeIds\n{\n");
        foreach (var id in ids)
        {
            text.Append("    /// <summary>The ").Append(id.Name).Append(" attribute.</summary>\n");
            text.Append("    public const uint ").Append(id.Name).Append(" = ").Append(id.Id).Append(";\n");
        }
        text.Append("}\n");
        return new GeneratedFile(FileName, text.ToString());
    }
}
