namespace IIoT.Simulators.Model;

/// <summary>
/// Units a scenario's extra signals may use, with their UNECE Recommendation 20 common codes (OPC UA turns these into
/// EUInformation; MQTT JSON carries plain numbers, the unit lives in the scenario).
/// </summary>
internal static class SignalUnits
{
    // unit as written in scenario files -> (UNECE common code, description)
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

    public static bool IsKnown(string? unit) => unit is not null && Known.ContainsKey(unit);

    public static bool TryGet(string unit, out string uneceCode, out string description)
    {
        var found = Known.TryGetValue(unit, out var entry);
        (uneceCode, description) = entry;
        return found;
    }
}
