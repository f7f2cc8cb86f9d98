using System.Text;

namespace IIoT.OpcUa.Generator;

/// <summary>
/// A small RFC 4180 reader: fields separated by commas, optionally quoted with '"', a doubled quote
/// inside a quoted field is one quote, and quoted fields may hold commas and line breaks (the
/// StatusCode.csv descriptions quote every field, the id files quote none).
/// </summary>
internal static class Csv
{
    public static IReadOnlyList<string[]> Parse(string text)
    {
        var rows = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        var rowHasContent = false;

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inQuotes)
            {
                if (c != '"')
                {
                    field.Append(c);
                }
                else if (i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else
                {
                    inQuotes = false;
                }
                continue;
            }

            switch (c)
            {
                case '"':
                    inQuotes = true;
                    rowHasContent = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    rowHasContent = true;
                    break;
                case '\r':
                    break;
                case '\n':
                    EndRow();
                    break;
                default:
                    field.Append(c);
                    rowHasContent = true;
                    break;
            }
        }

        if (inQuotes)
        {
            throw new FormatException("CSV ends inside a quoted field.");
        }
        EndRow();
        return rows;

        void EndRow()
        {
            // Blank lines (including the one after the final newline) are not rows.
            if (rowHasContent)
            {
                fields.Add(field.ToString());
                rows.Add(fields.ToArray());
            }
            fields.Clear();
            field.Clear();
            rowHasContent = false;
        }
    }
}
