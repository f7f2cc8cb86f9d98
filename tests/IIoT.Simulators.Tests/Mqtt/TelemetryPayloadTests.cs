using System.Text;
using System.Text.Json;
using IIoT.Simulators.Model;
using IIoT.Simulators.Mqtt;

namespace IIoT.Simulators.Tests.Mqtt;

public sealed class TelemetryPayloadTests
{
    [Fact]
    public void Payload_has_exactly_the_agreed_shape()
    {
        var sample = new MachineSample(0, 42, MachineState.Running, 1234, 1210, 24, 12.0, 13.4, 61.25, 8000.0, 7.5);

        var json = Encoding.UTF8.GetString(new TelemetryPayload().Encode(1764133200123, sample));

        Assert.Equal("""{"ts":1764133200123,"seq":42,"state":"running","parts_total":1234,"parts_good":1210,"parts_reject":24,"ideal_cycle_time_s":12.0,"actual_cycle_time_s":13.4,"temperature_c":61.25,"spindle_speed_rpm":8000.0,"power_kw":7.5}""", json);
    }

    [Theory]
    [InlineData(1, "idle")]
    [InlineData(2, "setup")]
    [InlineData(3, "fault")]
    public void Stopped_states_use_their_lower_case_names_and_zero_keeps_a_decimal_point(int stateValue, string name)
    {
        var state = (MachineState)stateValue;
        var sample = new MachineSample(0, 1, state, 0, 0, 0, 10, 11.123, 30.5, -0.0, 0.6);

        var json = Encoding.UTF8.GetString(new TelemetryPayload().Encode(0, sample));

        Assert.Contains($"\"state\":\"{name}\"", json);
        Assert.Contains("\"spindle_speed_rpm\":0.0,", json);
        Assert.Contains("\"ideal_cycle_time_s\":10.0,", json);
    }

    [Fact]
    public void Generated_payloads_are_valid_json_with_the_fields_in_order_and_round_trip()
    {
        var source = new TelemetryMessageSource(TestOptions.Fast(1883, machines: 5), TimeProvider.System);
        var messages = new List<SimulatedMessage>();
        for (var t = 0; t < 200; t++)
        {
            source.NextTick(messages);
        }
        string[] expected = ["ts", "seq", "state", "parts_total", "parts_good", "parts_reject", "ideal_cycle_time_s",
            "actual_cycle_time_s", "temperature_c", "spindle_speed_rpm", "power_kw"];
        foreach (var message in messages)
        {
            using var doc = JsonDocument.Parse(message.Payload);
            var properties = doc.RootElement.EnumerateObject().ToList();
            Assert.Equal(expected, properties.Select(p => p.Name));
            Assert.All(properties.Take(2).Concat(properties.Skip(3).Take(3)), p => Assert.True(p.Value.TryGetInt64(out _)));
            foreach (var p in properties.Skip(6))
            {
                var raw = p.Value.GetRawText();
                Assert.Contains('.', raw);
                // Shortest round-trip form: printing the parsed value gives the same text back.
                var value = p.Value.GetDouble();
                Assert.Equal(raw.EndsWith(".0", StringComparison.Ordinal) ? raw[..^2] : raw,
                    value.ToString(System.Globalization.CultureInfo.InvariantCulture));
                Assert.True(raw.Length - raw.IndexOf('.') - 1 <= 3, $"{p.Name}={raw} has more than 3 decimals");
            }
        }
        Assert.Equal(1767225600000, JsonDocument.Parse(messages[0].Payload).RootElement.GetProperty("ts").GetInt64());
        Assert.Equal(1767225601000, JsonDocument.Parse(messages[5].Payload).RootElement.GetProperty("ts").GetInt64());
        Assert.Equal("factory/plant1/assembly/line1/m01/telemetry", messages[0].Topic);
        Assert.Equal("factory/plant1/assembly/line1/m05/telemetry", messages[4].Topic);
    }
}
