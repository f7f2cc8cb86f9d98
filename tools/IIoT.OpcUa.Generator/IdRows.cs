namespace IIoT.OpcUa.Generator;

/// <summary>Reads the "name,id[,node class]" rows shared by AttributeIds.csv and NodeIds.csv.</summary>
internal static class IdRows
{
    public static List<IdRow> Read(IReadOnlyList<string[]> rows, string source, int expectedColumns)
    {
        var result = new List<IdRow>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (row.Length < expectedColumns)
            {
                throw new FormatException($"{source} row {i + 1}: expected {expectedColumns} columns, found {row.Length}.");
            }
            var name = SourceText.Identifier(row[0].Trim(), source, i + 1);
            var id = SourceText.ParseUInt(row[1], source, i + 1);
            var nodeClass = expectedColumns > 2 ? SourceText.Identifier(row[2].Trim(), source, i + 1) : "";
            result.Add(new IdRow(name, id, nodeClass));
        }
        return result;
    }
}
