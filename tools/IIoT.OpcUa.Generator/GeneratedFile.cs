namespace IIoT.OpcUa.Generator;

/// <summary>One generated C# file: its name inside the output folder and its full text.</summary>
internal sealed record GeneratedFile(string FileName, string Content);
