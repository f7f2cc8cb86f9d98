using IIoT.Simulators.Model;

namespace IIoT.Simulators.Mqtt;

/// <summary>
/// The MQTT side of the Freeze fault: a frozen field keeps the value it had in the first tick after the freeze, in
/// every message, until the freeze ends (model time) or is cleared. Signals are named as in JSON (temperature_c) or as
/// in OPC UA (temperature); extra signals and tags by their own names. Used by the producer loop only.
/// </summary>
internal sealed class FrozenSignals
{
    private readonly List<Entry> _entries = [];

    public bool IsEmpty => _entries.Count == 0;

    /// <summary>OPC UA variable names that differ from their JSON field.</summary>
    public static string JsonName(string signal) => signal switch
    {
        "sequence" => "seq",
        "state_code" => "state",
        "ideal_cycle_time" => "ideal_cycle_time_s",
        "actual_cycle_time" => "actual_cycle_time_s",
        "temperature" => "temperature_c",
        "spindle_speed" => "spindle_speed_rpm",
        "power" => "power_kw",
        _ => signal,
    };

    public void Freeze(int machine, string signal, double untilModelSeconds)
    {
        Clear(machine, signal);
        _entries.Add(new Entry(machine, JsonName(signal), untilModelSeconds));
    }

    public void Clear(int machine, string signal)
    {
        var name = JsonName(signal);
        _entries.RemoveAll(e => e.Machine == machine && e.Field == name);
    }

    /// <summary>Holds the frozen fields of one machine's sample and extra values (names[k] = values[k]).</summary>
    public void Apply(int machine, double modelSeconds, ref MachineSample sample, ReadOnlySpan<System.Text.Json.JsonEncodedText> names, Span<double> values)
    {
        _entries.RemoveAll(e => e.UntilModelSeconds <= modelSeconds);
        foreach (var entry in _entries)
        {
            if (entry.Machine != machine) continue;
            var k = IndexOf(names, entry.Field);
            if (!entry.Captured)
            {
                entry.Captured = true;
                entry.Sample = sample;
                entry.Value = k >= 0 ? values[k] : 0;
                continue;
            }

            if (k >= 0)
            {
                values[k] = entry.Value;
                continue;
            }

            var held = entry.Sample;
            sample = entry.Field switch
            {
                "seq" => sample with { Sequence = held.Sequence },
                "state" => sample with { State = held.State },
                "parts_total" => sample with { PartsTotal = held.PartsTotal },
                "parts_good" => sample with { PartsGood = held.PartsGood },
                "parts_reject" => sample with { PartsReject = held.PartsReject },
                "ideal_cycle_time_s" => sample with { IdealCycleTimeS = held.IdealCycleTimeS },
                "actual_cycle_time_s" => sample with { ActualCycleTimeS = held.ActualCycleTimeS },
                "temperature_c" => sample with { TemperatureC = held.TemperatureC },
                "spindle_speed_rpm" => sample with { SpindleSpeedRpm = held.SpindleSpeedRpm },
                "power_kw" => sample with { PowerKw = held.PowerKw },
                _ => sample,
            };
        }
    }

    /// <summary>Whether a machine publishes a field of this name (fixed, extra signal or tag).</summary>
    public static bool Knows(string signal, ReadOnlySpan<System.Text.Json.JsonEncodedText> names)
    {
        var name = JsonName(signal);
        return (name != "ts" && SignalNames.JsonFixed.Contains(name, StringComparer.Ordinal)) || IndexOf(names, name) >= 0;
    }

    private static int IndexOf(ReadOnlySpan<System.Text.Json.JsonEncodedText> names, string field)
    {
        for (var k = 0; k < names.Length; k++)
        {
            if (names[k].Value == field) return k;
        }

        return -1;
    }

    private sealed class Entry(int machine, string field, double untilModelSeconds)
    {
        public int Machine { get; } = machine;
        public string Field { get; } = field;
        public double UntilModelSeconds { get; } = untilModelSeconds;
        public bool Captured { get; set; }
        public MachineSample Sample { get; set; }
        public double Value { get; set; }
    }
}
