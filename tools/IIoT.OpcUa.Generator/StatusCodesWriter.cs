namespace IIoT.OpcUa.Generator;

/// <summary>
/// StatusCode.csv (name, 0x hex code, "description") -> StatusCodes.g.cs: one constant per code,
/// plus Name() and the severity tests (OPC 10000-4 §7.39: the top two bits are the severity,
/// the low 16 bits are info bits that do not change which code it is).
/// </summary>
internal static class StatusCodesWriter
{
    public const string FileName = "StatusCodes.g.cs";
    private const string Source = "StatusCode.csv";

    private sealed record Code(string Name, uint Value, string Description);

    public static GeneratedFile Write(IReadOnlyList<string[]> rows)
    {
        var codes = Read(rows);
        var text = SourceText.Begin();
        text.Append("/// <summary>OPC UA status codes (OPC 10000-4 §7.39, OPC 10000-6 Annex A).</summary>\n");
        text.Append("public static partial class StatusCodes\n{\n");

        foreach (var code in codes)
        {
            text.Append("    /// <summary>").Append(SourceText.XmlEscape(code.Description)).Append("</summary>\n");
            text.Append("    public const uint ").Append(code.Name).Append(" = ").Append(SourceText.Hex(code.Value)).Append(";\n\n");
        }

        text.Append("""
                /// <summary>The symbolic name of a code, ignoring its low 16 info bits; "0x" and eight hex digits when the code is unknown.</summary>
                public static string Name(uint code) => (code & 0xFFFF0000) switch
                {

            """);
        // Two names for one value would be a duplicate case label; the first name (by value, then name) wins.
        foreach (var code in codes.DistinctBy(c => c.Value))
        {
            text.Append("        ").Append(SourceText.Hex(code.Value)).Append(" => nameof(").Append(code.Name).Append("),\n");
        }
        text.Append("""
                    _ => "0x" + code.ToString("X8", System.Globalization.CultureInfo.InvariantCulture),
                };

                /// <summary>True when the severity bits say Bad (top bit set; 11 is reserved and treated as Bad).</summary>
                public static bool IsBad(uint code) => (code & 0x80000000) != 0;

                /// <summary>True when the severity bits are 01 (Uncertain).</summary>
                public static bool IsUncertain(uint code) => (code & 0xC0000000) == 0x40000000;

                /// <summary>True when the severity bits are 00 (Good).</summary>
                public static bool IsGood(uint code) => (code & 0xC0000000) == 0;
            }

            """);
        return new GeneratedFile(FileName, text.ToString());
    }

    private static List<Code> Read(IReadOnlyList<string[]> rows)
    {
        var codes = new List<Code>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (row.Length < 2)
            {
                throw new FormatException($"{Source} row {i + 1}: expected name,code[,description].");
            }
            var name = SourceText.Identifier(row[0].Trim(), Source, i + 1);
            if (!names.Add(name))
            {
                throw new FormatException($"{Source} row {i + 1}: duplicate name {name}.");
            }
            var description = row.Length > 2 ? row[2].Trim() : name;
            codes.Add(new Code(name, SourceText.ParseUInt(row[1], Source, i + 1), description));
        }

        if (names.Add("Good"))
        {
            codes.Add(new Code("Good", 0, "The operation succeeded."));
        }
        return codes.OrderBy(c => c.Value).ThenBy(c => c.Name, StringComparer.Ordinal).ToList();
    }
}
