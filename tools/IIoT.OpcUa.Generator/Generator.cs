using IIoT.OpcUa.Generator.Bsd;

namespace IIoT.OpcUa.Generator;

/// <summary>Turns the texts of the three CSV files into the generated C# files; no file system access, so tests can feed it inline samples.</summary>
internal static class Generator
{
    public const string StatusCodesCsv = "StatusCode.csv";
    public const string AttributeIdsCsv = "AttributeIds.csv";
    public const string NodeIdsCsv = "NodeIds.csv";
    public const string TypesBsd = "Opc.Ua.Types.bsd";

    /// <summary>Sub-folder of the output folder that receives the structures and enums generated from the BSD.</summary>
    public const string StructuresFolder = "Structures";

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

    /// <summary>Enums and structures from Opc.Ua.Types.bsd; NodeIds.csv supplies their encoding and data type ids.</summary>
    public static IReadOnlyList<GeneratedFile> GenerateStructures(string typesBsd, string nodeIdsCsv,
        int maxFileBytes = StructuresWriter.DefaultMaxFileBytes)
    {
        var model = new StructureModel(BsdReader.Parse(typesBsd));
        var ids = IdRows.Read(Csv.Parse(nodeIdsCsv), NodeIdsCsv, 3);
        return StructuresWriter.Write(model, ids, maxFileBytes).OrderBy(f => f.FileName, StringComparer.Ordinal).ToList();
    }
}
