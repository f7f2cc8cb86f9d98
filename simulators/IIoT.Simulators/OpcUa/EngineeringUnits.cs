using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;
using IIoT.Simulators.Model;

namespace IIoT.Simulators.OpcUa;

/// <summary>
/// The simulator's unit names mapped to UNECE Recommendation 20 codes, as OPC 10000-8 §5.6.3 asks for EUInformation:
/// namespaceUri of the UN/CEFACT table, UnitId = the code's ASCII bytes shifted together.
/// </summary>
internal static class EngineeringUnits
{
    public const string UneceNamespaceUri = "http://www.opcfoundation.org/UA/units/un/cefact";

    public static IReadOnlyCollection<string> Names => SignalUnits.Names;

    public static bool IsKnown(string unit) => SignalUnits.IsKnown(unit);

    public static EUInformation For(string unit)
    {
        if (!SignalUnits.TryGet(unit, out var code, out var description))
        {
            throw new ArgumentException($"Unknown unit '{unit}'; known: {string.Join(", ", SignalUnits.Names)}.", nameof(unit));
        }

        return new EUInformation
        {
            NamespaceUri = UneceNamespaceUri,
            UnitId = UnitId(code),
            DisplayName = new LocalizedText("en", unit),
            Description = new LocalizedText("en", description),
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
