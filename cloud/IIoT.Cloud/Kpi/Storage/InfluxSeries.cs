using System.Text.Json;

namespace IIoT.Cloud.Kpi.Storage;

/// <summary>One series of a query answer: a measurement, its GROUP BY tags and rows of column values.</summary>
internal readonly struct InfluxSeries(JsonElement element)
{
    public string Name => element.TryGetProperty("name", out var name) ? name.GetString() ?? "" : "";

    /// <summary>A GROUP BY tag's value; "" when the series has no such tag.</summary>
    public string Tag(string key) =>
        element.TryGetProperty("tags", out var tags) && tags.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : "";

    /// <summary>All tags of the series.</summary>
    public IEnumerable<KeyValuePair<string, string>> Tags()
    {
        if (element.TryGetProperty("tags", out var tags))
        {
            foreach (var tag in tags.EnumerateObject())
            {
                yield return new(tag.Name, tag.Value.ValueKind == JsonValueKind.String ? tag.Value.GetString()! : "");
            }
        }
    }

    /// <summary>Index of a column, or -1.</summary>
    public int Column(string name)
    {
        var i = 0;
        foreach (var column in element.GetProperty("columns").EnumerateArray())
        {
            if (column.GetString() == name)
            {
                return i;
            }
            i++;
        }
        return -1;
    }

    public string[] Columns() => element.GetProperty("columns").EnumerateArray().Select(c => c.GetString() ?? "").ToArray();

    public IEnumerable<JsonElement> Rows() =>
        element.TryGetProperty("values", out var values) && values.ValueKind == JsonValueKind.Array ? values.EnumerateArray() : [];
}
