namespace IIoT.Simulators.Model;

/// <summary>
/// Names of the signals every machine has, as each front end spells them: OPC UA variable browse names and MQTT JSON
/// fields. A scenario's extra signal must not reuse any of them (it would shadow a fixed value on one transport).
/// </summary>
internal static class SignalNames
{
    /// <summary>OPC UA variables of every machine, in address-space order.</summary>
    public static IReadOnlyList<string> OpcUaFixed { get; } =
    [
        "state", "state_code", "sequence", "parts_total", "parts_good", "parts_reject",
        "ideal_cycle_time", "actual_cycle_time", "temperature", "spindle_speed", "power",
    ];

    /// <summary>Fields of every MQTT JSON telemetry message, in payload order.</summary>
    public static IReadOnlyList<string> JsonFixed { get; } =
    [
        "ts", "seq", "state", "parts_total", "parts_good", "parts_reject",
        "ideal_cycle_time_s", "actual_cycle_time_s", "temperature_c", "spindle_speed_rpm", "power_kw",
    ];

    public static bool IsFixed(string name) => OpcUaFixed.Contains(name, StringComparer.Ordinal) || JsonFixed.Contains(name, StringComparer.Ordinal);

    /// <summary>Generic load-test tags: tag00000, tag00001, ... (OPC UA variables under "tags", MQTT JSON fields).</summary>
    public static string Tag(int index) => "tag" + index.ToString("D5", System.Globalization.CultureInfo.InvariantCulture);

    public static bool IsTagName(string name) =>
        name.Length == 8 && name.StartsWith("tag", StringComparison.Ordinal) && name.AsSpan(3).IndexOfAnyExceptInRange('0', '9') < 0;
}
