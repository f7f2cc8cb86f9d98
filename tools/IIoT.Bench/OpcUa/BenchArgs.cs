using System.Globalization;

namespace IIoT.Bench.OpcUa;

/// <summary>`--name value` options of the OPC UA bench modes; a malformed value fails loudly rather than falling back.</summary>
internal sealed class BenchArgs(string[] args)
{
    public string? String(string name)
    {
        var index = Array.IndexOf(args, name);
        if (index < 0)
        {
            return null;
        }

        return index + 1 < args.Length ? args[index + 1] : throw new ArgumentException($"{name} needs a value.");
    }

    public string String(string name, string fallback) => String(name) ?? fallback;

    public int Int(string name, int fallback) =>
        String(name) is { } text ? int.Parse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) =>
        String(name) is { } text ? double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) : fallback;

    /// <summary>A comma-separated list of sizes such as "10000,100000".</summary>
    public int[] Ints(string name, int[] fallback) =>
        String(name) is { } text
            ? text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(t => int.Parse(t.Replace("_", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture)).ToArray()
            : fallback;

    public bool Flag(string name) => Array.IndexOf(args, name) >= 0;
}
