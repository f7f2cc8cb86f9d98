using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.Simulators.OpcUa;

/// <summary>
/// The simulator's unit names mapped to UNECE Recommendation 20 codes, as OPC 10000-8 §5.6.3 asks for EUInformation:
/// namespaceUri of the UN/CEFACT table, UnitId = the code's ASCII bytes shifted together.
/// </summary>
internal static class EngineeringUnits
{
    public const string UneceNamespaceUri = "http://www.opcfoundation.org/UA/units/un/cefact";

    // unit as written in scenario files -> (UNECE common code, display name, description)
    private static readonly Dictionary<string, (string Code, string Description)> Known = new(StringComparer.Ordinal)
    {
        ["degC"] = ("CEL", "degree Celsius"),
        ["rpm"] = ("RPM", "revolutions per minute"),
        ["kW"] = ("KWT", "kilowatt"),
        ["s"] = ("SEC", "second"),
        ["bar"] = ("BAR", "bar"),
        ["l/min"] = ("L2", "litre per minute"),
        ["m/min"] = ("2X", "metre per minute"),
        ["Hz"] = ("HTZ", "hertz"),
        ["%"] = ("P1", "percent"),
        ["mm"] = ("MMT", "millimetre"),
        ["kg"] = ("KGM", "kilogram"),
        ["1/min"] = ("C94", "reciprocal minute"),
    };

    public static IReadOnlyCollection<string> Names => Known.Keys;

    public static bool IsKnown(string unit) => Known.ContainsKey(unit);

    public static EUInformation For(string unit)
    {
        if (!Known.TryGetValue(unit, out var entry))
        {
            throw new ArgumentException($"Unknown unit '{unit}'; known: {string.Join(", ", Known.Keys)}.", nameof(unit));
        }

        return new EUInformation
        {
            NamespaceUri = UneceNamespaceUri,
            UnitId = UnitId(entry.Code),
            DisplayName = new LocalizedText("en", unit),
            Description = new LocalizedText("en", entry.Description),
        };
    }

    /// <summary>OPC 10000-8 §5.6.3: each character of the common code, most significant first.</summary>
    public static int UnitId(string commonCode)
    {
        var id = 0;
        foreach (var c in commonCode)
        {
            id = (id << 8) | c;
        }

        return id;
    }
}
