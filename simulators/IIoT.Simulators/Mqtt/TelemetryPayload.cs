using System.Buffers;
using System.Globalization;
using System.Text.Json;
using IIoT.Simulators.Model;

namespace IIoT.Simulators.Mqtt;

/// <summary>
/// Writes the telemetry JSON other parts depend on, fields in this order:
/// {"ts":..,"seq":..,"state":"running","parts_total":..,"parts_good":..,"parts_reject":..,
///  "ideal_cycle_time_s":12.0,"actual_cycle_time_s":13.4,"temperature_c":61.25,"spindle_speed_rpm":8000.0,"power_kw":7.5}
/// then a scenario's extra signals and tags ("coolant_flow":21.3,"tag00000":17.0,...).
/// Measurements always carry a decimal point (8000.0, not 8000) so that consumers which infer a field type from the
/// literal (InfluxDB line protocol, JSON-to-table tools) never see one field flip between integer and float.
/// </summary>
internal sealed class TelemetryPayload
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);
    private readonly Utf8JsonWriter _writer;

    public TelemetryPayload()
    {
        _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { SkipValidation = true });
    }

    /// <summary>Encodes one message into a new array (it must outlive this call: it may be re-sent after reconnect).</summary>
    public byte[] Encode(long unixMilliseconds, in MachineSample sample) => Encode(unixMilliseconds, sample, [], []);

    /// <summary>As above, followed by a scenario's extra signals and tags (names[k] = values[k]), in that order.</summary>
    public byte[] Encode(long unixMilliseconds, in MachineSample sample, ReadOnlySpan<JsonEncodedText> extraNames, ReadOnlySpan<double> extraValues)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(extraValues.Length, extraNames.Length);
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        _writer.WriteStartObject();
        _writer.WriteNumber("ts"u8, unixMilliseconds);
        _writer.WriteNumber("seq"u8, sample.Sequence);
        _writer.WriteString("state"u8, sample.State.ToWireName());
        _writer.WriteNumber("parts_total"u8, sample.PartsTotal);
        _writer.WriteNumber("parts_good"u8, sample.PartsGood);
        _writer.WriteNumber("parts_reject"u8, sample.PartsReject);
        WriteDouble("ideal_cycle_time_s"u8, sample.IdealCycleTimeS);
        WriteDouble("actual_cycle_time_s"u8, sample.ActualCycleTimeS);
        WriteDouble("temperature_c"u8, sample.TemperatureC);
        WriteDouble("spindle_speed_rpm"u8, sample.SpindleSpeedRpm);
        WriteDouble("power_kw"u8, sample.PowerKw);
        for (var k = 0; k < extraNames.Length; k++)
        {
            WriteDouble(extraNames[k].EncodedUtf8Bytes, extraValues[k]);
        }
        _writer.WriteEndObject();
        _writer.Flush();
        return _buffer.WrittenSpan.ToArray();
    }

    private void WriteDouble(ReadOnlySpan<byte> name, double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "JSON has no NaN or infinity.");
        }
        if (value == 0)
        {
            value = 0; // no "-0.0"
        }
        Span<byte> text = stackalloc byte[40];
        // Shortest round-trippable form ("R" semantics are the default since .NET Core 3.0).
        if (!value.TryFormat(text, out var length, default, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("A double did not fit 40 bytes.");
        }
        if (text[..length].IndexOfAny(".Ee"u8) < 0)
        {
            ".0"u8.CopyTo(text[length..]);
            length += 2;
        }
        _writer.WritePropertyName(name);
        _writer.WriteRawValue(text[..length], skipInputValidation: true);
    }
}
