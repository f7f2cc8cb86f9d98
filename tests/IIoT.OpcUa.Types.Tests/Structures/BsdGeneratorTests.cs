using IIoT.Testing;

namespace IIoT.OpcUa.Types.Tests.Structures;

/// <summary>
/// Runs the built generator (tools/IIoT.OpcUa.Generator) on a small inline BSD and CSV samples in a temp folder
/// and checks the structures and enums it writes. Never reads the specification's files.
/// </summary>
public sealed class BsdGeneratorTests : IDisposable
{
    private const string Bsd = """
        <?xml version="1.0" encoding="utf-8" ?>
        <opc:TypeDictionary xmlns:opc="http://opcfoundation.org/BinarySchema/" xmlns:ua="http://opcfoundation.org/UA/"
          xmlns:tns="http://opcfoundation.org/UA/" DefaultByteOrder="LittleEndian" TargetNamespace="http://opcfoundation.org/UA/">
          <opc:Import Namespace="http://opcfoundation.org/BinarySchema/" />
          <opc:StructuredType Name="NodeId">
            <opc:Field Name="Reserved1" TypeName="opc:Bit" Length="2" />
          </opc:StructuredType>
          <opc:EnumeratedType Name="Color" LengthInBits="32">
            <opc:Documentation>Colors &amp; &lt;more&gt;</opc:Documentation>
            <opc:EnumeratedValue Name="Red" Value="0" />
            <opc:EnumeratedValue Name="Blue" Value="2" />
          </opc:EnumeratedType>
          <opc:EnumeratedType Name="Mask" LengthInBits="16" IsOptionSet="true">
            <opc:EnumeratedValue Name="None" Value="0" />
            <opc:EnumeratedValue Name="High" Value="32768" />
          </opc:EnumeratedType>
          <opc:StructuredType Name="Point" BaseType="ua:ExtensionObject">
            <opc:Field Name="X" TypeName="opc:Double" />
            <opc:Field Name="Y" TypeName="opc:Double" />
          </opc:StructuredType>
          <opc:StructuredType Name="Shape" BaseType="ua:ExtensionObject">
            <opc:Field Name="Id" TypeName="ua:NodeId" />
            <opc:Field Name="Color" TypeName="tns:Color" />
            <opc:Field Name="Flags" TypeName="tns:Mask" />
            <opc:Field Name="NoOfPoints" TypeName="opc:Int32" />
            <opc:Field Name="Points" TypeName="tns:Point" LengthField="NoOfPoints" />
            <opc:Field Name="NoOfTags" TypeName="opc:Int32" />
            <opc:Field Name="Tags" TypeName="opc:String" LengthField="NoOfTags" />
            <opc:Field Name="Origin" TypeName="tns:Point" />
          </opc:StructuredType>
          <opc:StructuredType Name="Maybe" BaseType="ua:ExtensionObject">
            <opc:Field Name="ValueSpecified" TypeName="opc:Bit" />
            <opc:Field Name="Reserved1" TypeName="opc:Bit" Length="31" />
            <opc:Field Name="Value" TypeName="opc:Int32" SwitchField="ValueSpecified" />
          </opc:StructuredType>
          <opc:StructuredType Name="UsesMaybe" BaseType="ua:ExtensionObject">
            <opc:Field Name="Inner" TypeName="tns:Maybe" />
          </opc:StructuredType>
        </opc:TypeDictionary>
        """;

    private const string NodeCsv = "Shape,100,DataType\nShape_Encoding_DefaultBinary,102,Object\nServer,2253,Object\n";

    private readonly TempFolder _temp = new("opcua-bsd");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Writes_enums_classes_and_the_skipped_list()
    {
        var (exitCode, log) = await RunAsync(Bsd);
        Assert.True(exitCode == 0, $"generator exited with {exitCode}: {log}");
        var folder = _temp.Combine("out", "Structures");

        Assert.Equal(["EncodeableTypes.g.cs", "Enums.g.cs", "Skipped.g.cs", "Structures.P.g.cs", "Structures.S.g.cs"],
            Directory.GetFiles(folder).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray());
        Assert.True(File.Exists(_temp.Combine("out", "ObjectIds.g.cs")), "the ids are still generated next to the structures");

        // The decoder table lists the structures that have a binary encoding id (Shape has one in the test CSV).
        var table = await File.ReadAllTextAsync(Path.Combine(folder, "EncodeableTypes.g.cs"));
        Assert.Contains("[Shape.BinaryEncodingId] = new(typeof(Shape), static (ref global::IIoT.OpcUa.Types.UaBinaryReader r) => Shape.Decode(ref r)),",
            table, StringComparison.Ordinal);

        var enums = await File.ReadAllTextAsync(Path.Combine(folder, "Enums.g.cs"));
        Assert.Contains("namespace IIoT.OpcUa.Types.Structures;", enums, StringComparison.Ordinal);
        Assert.Contains("/// <summary>Colors &amp; &lt;more&gt;</summary>\npublic enum Color : int\n{\n    Red = 0,\n    Blue = 2,\n}",
            enums, StringComparison.Ordinal);
        Assert.Contains("[global::System.Flags]\npublic enum Mask : ushort\n{\n    None = 0,\n    High = 32768,\n}", enums, StringComparison.Ordinal);

        var shape = await File.ReadAllTextAsync(Path.Combine(folder, "Structures.S.g.cs"));
        Assert.Contains("public sealed partial class Shape : global::IIoT.OpcUa.Types.Structures.IEncodeable<Shape>", shape, StringComparison.Ordinal);
        Assert.Contains("BinaryEncodingId = global::IIoT.OpcUa.Types.ObjectIds.Shape_Encoding_DefaultBinary;", shape, StringComparison.Ordinal);
        Assert.Contains("TypeId = global::IIoT.OpcUa.Types.DataTypeIds.Shape;", shape, StringComparison.Ordinal);
        Assert.DoesNotContain("NoOf", shape, StringComparison.Ordinal);
        AssertInOrder(shape,
            "global::IIoT.OpcUa.Types.NodeId Id { get; set; } = global::IIoT.OpcUa.Types.NodeId.Null;",
            "global::IIoT.OpcUa.Types.Structures.Color Color { get; set; }",
            "global::IIoT.OpcUa.Types.Structures.Mask Flags { get; set; }",
            "global::IIoT.OpcUa.Types.Structures.Point[]? Points { get; set; }",
            "string?[]? Tags { get; set; }",
            "global::IIoT.OpcUa.Types.Structures.Point Origin { get; set; } = new();",
            "writer.WriteNodeId(Id);",
            "writer.WriteInt32((int)Color);",
            "writer.WriteUInt16((ushort)Flags);",
            "writer.WriteArray(Points, static (w, v) => v.Encode(w));",
            "writer.WriteArray(Tags, static (w, v) => w.WriteString(v));",
            "Origin.Encode(writer);",
            "value.Id = reader.ReadNodeId(\"Shape.Id\");",
            "value.Color = (global::IIoT.OpcUa.Types.Structures.Color)reader.ReadInt32(\"Shape.Color\");",
            "value.Flags = (global::IIoT.OpcUa.Types.Structures.Mask)reader.ReadUInt16(\"Shape.Flags\");",
            // A Point is two Doubles, so a count above remaining/16 is refused before allocation.
            "value.Points = reader.ReadArray(\"Shape.Points\", 16,",
            "value.Tags = reader.ReadArray(\"Shape.Tags\", 4,",
            "value.Origin = global::IIoT.OpcUa.Types.Structures.Point.Decode(ref reader);");

        var point = await File.ReadAllTextAsync(Path.Combine(folder, "Structures.P.g.cs"));
        Assert.Contains("public const uint BinaryEncodingId = 0;", point, StringComparison.Ordinal);
        Assert.Contains("public const uint TypeId = 0;", point, StringComparison.Ordinal);

        var skipped = await File.ReadAllTextAsync(Path.Combine(folder, "Skipped.g.cs"));
        Assert.Contains("//   Maybe: field ValueSpecified is a bit field", skipped, StringComparison.Ordinal);
        Assert.Contains("//   UsesMaybe: uses skipped type Maybe", skipped, StringComparison.Ordinal);
        Assert.DoesNotContain("class NodeId", point + shape, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keeps_handwritten_files_and_replaces_stale_output()
    {
        var folder = _temp.Combine("out", "Structures");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "IEncodeable.cs"), "// hand-written");
        await File.WriteAllTextAsync(Path.Combine(folder, "Structures.Z.g.cs"), "// stale");

        var (exitCode, log) = await RunAsync(Bsd);

        Assert.True(exitCode == 0, $"generator exited with {exitCode}: {log}");
        Assert.True(File.Exists(Path.Combine(folder, "IEncodeable.cs")));
        Assert.False(File.Exists(Path.Combine(folder, "Structures.Z.g.cs")));
    }

    [Fact]
    public async Task Without_a_BSD_no_structures_are_written()
    {
        var (exitCode, log) = await RunAsync(bsd: null);

        Assert.True(exitCode == 0, $"generator exited with {exitCode}: {log}");
        Assert.False(Directory.Exists(_temp.Combine("out", "Structures")));
    }

    [Fact]
    public async Task A_malformed_BSD_exits_with_1()
    {
        var (exitCode, log) = await RunAsync("<opc:TypeDictionary");

        Assert.Equal(1, exitCode);
        Assert.Contains("BSD", log, StringComparison.Ordinal);
    }

    private async Task<(int ExitCode, string Log)> RunAsync(string? bsd)
    {
        var input = _temp.Combine("in");
        Directory.CreateDirectory(input);
        await File.WriteAllTextAsync(Path.Combine(input, "StatusCode.csv"), "BadDecodingError,0x80070000,\"Decoding halted.\"\n");
        await File.WriteAllTextAsync(Path.Combine(input, "AttributeIds.csv"), "Value,13\n");
        await File.WriteAllTextAsync(Path.Combine(input, "NodeIds.csv"), NodeCsv);
        if (bsd is not null) await File.WriteAllTextAsync(Path.Combine(input, "Opc.Ua.Types.bsd"), bsd);

        var dll = RepoPaths.AppDll("tools", "IIoT.OpcUa.Generator");
        await using var process = ManagedProcess.Start("generator", "dotnet", [dll, input, _temp.Combine("out")]);
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return (process.ExitCode, process.Output);
    }

    private static void AssertInOrder(string text, params string[] parts)
    {
        var at = -1;
        foreach (var part in parts)
        {
            var next = text.IndexOf(part, at + 1, StringComparison.Ordinal);
            Assert.True(next > at, $"'{part}' missing or out of order");
            at = next;
        }
    }
}
