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
try
{
    files = Generator.Generate(Read(Generator.StatusCodesCsv), Read(Generator.AttributeIdsCsv), Read(Generator.NodeIdsCsv));
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
foreach (var file in files)
{
    File.WriteAllText(Path.Combine(output, file.FileName), file.Content, utf8);
    Console.WriteLine($"{file.FileName} ({file.Content.Length:N0} chars)");
}
return 0;
