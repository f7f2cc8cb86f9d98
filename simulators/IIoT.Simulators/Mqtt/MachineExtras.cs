using System.Text.Json;
using IIoT.Simulators.Model;

namespace IIoT.Simulators.Mqtt;

/// <summary>A machine's extra JSON fields: the type's extra signals, then its generic tags; names encoded once.</summary>
internal sealed class MachineExtras
{
    private readonly ExtraSignalSpec[] _signals;
    private readonly double[] _phases;

    private MachineExtras(ExtraSignalSpec[] signals, double[] phases, JsonEncodedText[] names)
    {
        _signals = signals;
        _phases = phases;
        Names = names;
    }

    public JsonEncodedText[] Names { get; }

    public static MachineExtras For(string machine, MachineTypeSpec spec)
    {
        var signals = spec.ExtraSignals.ToArray();
        var names = signals.Select(s => JsonEncodedText.Encode(s.Name))
            .Concat(Enumerable.Range(0, spec.ExtraTags).Select(t => JsonEncodedText.Encode(SignalNames.Tag(t))))
            .ToArray();
        return new MachineExtras(signals, [.. signals.Select((_, k) => ExtraSignalValues.Phase(machine, k))], names);
    }

    public void Fill(long tick, double modelSeconds, Span<double> values)
    {
        for (var k = 0; k < _signals.Length; k++)
        {
            values[k] = ExtraSignalValues.Value(_signals[k], _phases[k], modelSeconds);
        }

        for (var t = 0; t < values.Length - _signals.Length; t++)
        {
            values[_signals.Length + t] = ExtraSignalValues.Tag(tick, t);
        }
    }
}
