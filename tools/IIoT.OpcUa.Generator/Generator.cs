namespace IIoT.OpcUa.Generator;

/// <summary>Turns the texts of the three CSV files into the generated C# files; no file system access, so tests can feed it inline samples.</summary>
internal static class Generator
{
    public const string StatusCodesCsv = "StatusCode.csv";
    public const string AttributeIdsCsv = "AttributeIds.csv";
    public const string NodeIdsCsv = "NodeIds.csv";

    public static IReadOnlyList<GeneratedFile> Generate(string statusCodesCsv, string attributeIdsCsv, string nodeIdsCsv,
        int maxFileBytes = NodeIdsWriter.DefaultMaxFileBytes)
    {
        var files = new List<GeneratedFile>
        {
            StatusCodesWriter.Write(Csv.Parse(statusCodesCsv)),
            AttributeIdsWriter.Write(Csv.Parse(attributeIdsCsv)),
        };
        files.AddRange(NodeIdsWriter.Write(Csv.Parse(nodeIdsCsv), maxFileBytes));
        return files.OrderBy(f => f.FileName, StringComparer.Ordinal).ToList();
    }
}
