using System.Globalization;
using System.Text;

namespace IIoT.OpcUa.Generator.Bsd;

/// <summary>Writes every enumerated type into one file: Int32 enums, and option sets with the BSD's bit width.</summary>
internal static class EnumsWriter
{
    public const string FileName = "Enums.g.cs";

    public static GeneratedFile Write(StructureModel model)
    {
        var text = BsdSource.Begin();
        foreach (var e in model.Enums.Values.OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var name = BsdSource.Identifier(e.Name, "enum");
            text.Append('\n');
            BsdSource.Doc(text, e.Documentation, "");
            if (e.IsOptionSet) text.Append("[global::System.Flags]\n");
            text.Append("public enum ").Append(name).Append(" : ").Append(UnderlyingType(e)).Append("\n{\n");
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (valueName, value) in e.Values)
            {
                var member = BsdSource.Identifier(valueName, $"value of {e.Name}");
                if (!seen.Add(member)) throw new FormatException($"BSD: {e.Name} has two values named {member}.");
                text.Append("    ").Append(member).Append(" = ").Append(value.ToString(CultureInfo.InvariantCulture)).Append(",\n");
            }
            text.Append("}\n");
        }
        return new GeneratedFile(FileName, text.ToString());
    }

    /// <summary>Enumerations travel as Int32 (OPC 10000-6 §5.2.4); option sets as an unsigned integer of their LengthInBits.</summary>
    public static string UnderlyingType(BsdEnum e) => !e.IsOptionSet ? "int" : e.LengthInBits switch
    {
        8 => "byte",
        16 => "ushort",
        32 => "uint",
        64 => "ulong",
        _ => throw new FormatException($"BSD: option set {e.Name} has {e.LengthInBits} bits."),
    };

    /// <summary>The reader/writer method for the enum's wire integer.</summary>
    public static string Method(BsdEnum e) => !e.IsOptionSet ? "Int32" : e.LengthInBits switch
    {
        8 => "Byte",
        16 => "UInt16",
        32 => "UInt32",
        _ => "UInt64",
    };
}
