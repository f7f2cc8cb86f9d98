using System.Text;
using IIoT.OpcUa.Generator;

// Usage: dotnet run --project tools/IIoT.OpcUa.Generator -- <folder with the CSV files> <output folder>
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: IIoT.OpcUa.Generator <csv folder> <output folder>");
    Console.Error.WriteLine("  e.g. dotnet run --project tools/IIoT.OpcUa.Generator -- ../shared/opcua libs/IIoT.OpcUa.Types/Generated");
    return 2;
}

var (input, output) = (args[0], args[1]);
string Read(string name) => File.ReadAllText(Path.Combine(input, name), Encoding.UTF8);

IReadOnlyList<GeneratedFile> files;
IReadOnlyList<GeneratedFile>? structures = null;
try
{
    files = Generator.Generate(Read(Generator.StatusCodesCsv), Read(Generator.AttributeIdsCsv), Read(Generator.NodeIdsCsv));
    // The BSD is optional, so the ids can still be generated from the CSV files alone.
    if (File.Exists(Path.Combine(input, Generator.TypesBsd)))
    {
        structures = Generator.GenerateStructures(Read(Generator.TypesBsd), Read(Generator.NodeIdsCsv));
    }
}
catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
{
    Console.Error.WriteLine("error: " + e.Message);
    return 1;
}

Directory.CreateDirectory(output);
// Remove earlier output first, so a class that now fits in fewer parts leaves no stale part behind.
foreach (var stale in Directory.EnumerateFiles(output, "*.g.cs"))
{
    File.Delete(stale);
}
var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
WriteAll(output, files);
if (structures is not null)
{
    // Hand-written files there (IEncodeable.cs) are not *.g.cs and survive.
    var folder = Path.Combine(output, Generator.StructuresFolder);
    Directory.CreateDirectory(folder);
    foreach (var stale in Directory.EnumerateFiles(folder, "*.g.cs"))
    {
        File.Delete(stale);
    }
    WriteAll(folder, structures);
}
return 0;

void WriteAll(string folder, IReadOnlyList<GeneratedFile> generated)
{
    foreach (var file in generated)
    {
        File.WriteAllText(Path.Combine(folder, file.FileName), file.Content, utf8);
        Console.WriteLine($"{file.FileName} ({file.Content.Length:N0} chars)");
    }
}
