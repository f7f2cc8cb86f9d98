using System.Buffers;
using System.Text;
using IIoT.Contracts;
using IIoT.Contracts.V1;
using IIoT.Gateway.Collection.Mqtt;
using IIoT.Gateway.Collection.Mqtt.Mapping;
using Xunit;

namespace IIoT.Gateway.Tests.Collection.Mqtt.Mapping;

public sealed class MappingRulesTests
{
    private const string Topic = "factory/plant1/assembly/line1/m01/telemetry";
    private const long ReceiveNs = 1_800_000_000_000_000_000;

    internal const string SimulatorPayload = """
        {"ts":1764133200123,"seq":42,"state":"running","parts_total":1234,"parts_good":1210,"parts_reject":24,
         "ideal_cycle_time_s":12.0,"actual_cycle_time_s":13.4,"temperature_c":61.25,"spindle_speed_rpm":8000.0,"power_kw":7.5}
        """;

    internal static MappingRuleOptions LineJson() => new()
    {
        Name = "line-json",
        Topic = "factory/{site}/{area}/{line}/{machine}/telemetry",
        Units = new() { ["temperature_c"] = "degC", ["power_kw"] = "kW" },
    };

    [Fact]
    public void Simulator_payload_becomes_one_typed_point_per_field_except_ts()
    {
        var (result, points) = Map(LineJson(), Topic, SimulatorPayload);

        Assert.True(result.Succeeded, result.Detail);
        Assert.Equal(10, result.Points);
        Assert.Equal(["seq", "state", "parts_total", "parts_good", "parts_reject", "ideal_cycle_time_s",
            "actual_cycle_time_s", "temperature_c", "spindle_speed_rpm", "power_kw"], points.Select(p => p.Signal));
        foreach (var point in points)
        {
            Assert.Equal(new AssetPath { Site = "plant1", Area = "assembly", Line = "line1", Machine = "m01" }, point.Asset);
            Assert.Equal(1764133200123L * 1_000_000, point.SourceTimeNs);
            Assert.Equal(ReceiveNs, point.ReceiveTimeNs);
            Assert.Equal(Quality.Good, point.Quality);
            Assert.Equal("mqtt:line1", point.Source);
        }
        Assert.Equal(42, Single(points, "seq").IntValue);
        Assert.Equal("running", Single(points, "state").StringValue);
        Assert.Equal(1234, Single(points, "parts_total").IntValue);
        // 12.0 is written as a non-integer number: it stays a double.
        Assert.Equal(Point.ValueOneofCase.DoubleValue, Single(points, "ideal_cycle_time_s").ValueCase);
        Assert.Equal(12.0, Single(points, "ideal_cycle_time_s").DoubleValue);
        Assert.Equal(61.25, Single(points, "temperature_c").DoubleValue);
        Assert.Equal("degC", Single(points, "temperature_c").Unit);
        Assert.Equal("kW", Single(points, "power_kw").Unit);
        Assert.Equal("", Single(points, "seq").Unit);
    }

    [Fact]
    public void Booleans_and_nested_objects_are_flattened_with_dots()
    {
        var (result, points) = Map(LineJson(), Topic, """{"ts":1,"running":true,"alarm":false,"spindle":{"speed":10,"load":{"pct":0.5}}}""");

        Assert.True(result.Succeeded, result.Detail);
        Assert.True(Single(points, "running").BoolValue);
        Assert.Equal(Point.ValueOneofCase.BoolValue, Single(points, "alarm").ValueCase);
        Assert.False(Single(points, "alarm").BoolValue);
        Assert.Equal(10, Single(points, "spindle.speed").IntValue);
        Assert.Equal(0.5, Single(points, "spindle.load.pct").DoubleValue);
    }

    [Fact]
    public void Nulls_and_arrays_inside_a_message_are_not_values()
    {
        var (result, points) = Map(LineJson(), Topic, """{"ts":1,"a":null,"b":[1,2],"c":3}""");

        Assert.True(result.Succeeded, result.Detail);
        Assert.Equal(["c"], points.Select(p => p.Signal));
    }

    [Theory]
    [InlineData(TimestampFormat.UnixSeconds, "1764133200", 1764133200_000_000_000)]
    [InlineData(TimestampFormat.UnixSeconds, "1764133200.5", 1764133200_500_000_000)]
    [InlineData(TimestampFormat.UnixMilliseconds, "1764133200123", 1764133200_123_000_000)]
    [InlineData(TimestampFormat.UnixMicroseconds, "1764133200123456", 1764133200_123_456_000)]
    [InlineData(TimestampFormat.UnixNanoseconds, "1764133200123456789", 1764133200_123_456_789)]
    [InlineData(TimestampFormat.Iso8601, "\"2025-11-26T05:00:00.123Z\"", 1764133200_123_000_000)]
    [InlineData(TimestampFormat.Iso8601, "\"2025-11-26T06:00:00.123+01:00\"", 1764133200_123_000_000)]
    public void Every_timestamp_format_is_read_to_nanoseconds(TimestampFormat format, string ts, long expectedNs)
    {
        var rule = LineJson();
        rule.TimestampFormat = format;

        var (result, points) = Map(rule, Topic, $$"""{"ts":{{ts}},"v":1}""");

        Assert.True(result.Succeeded, result.Detail);
        Assert.Equal(expectedNs, Assert.Single(points).SourceTimeNs);
    }

    [Fact]
    public void Without_a_timestamp_field_the_receive_time_is_the_source_time()
    {
        var rule = LineJson();
        rule.TimestampField = null;

        var (result, points) = Map(rule, Topic, """{"v":1}""");

        Assert.True(result.Succeeded, result.Detail);
        Assert.Equal(ReceiveNs, Assert.Single(points).SourceTimeNs);
    }

    [Fact]
    public void ValuesPath_selects_the_object_and_the_timestamp_may_be_nested()
    {
        var rule = LineJson();
        rule.ValuesPath = "data.values";
        rule.TimestampField = "meta.time";

        var (result, points) = Map(rule, Topic, """{"meta":{"time":5,"id":"x"},"data":{"values":{"a":1,"b":{"c":2}}},"other":3}""");

        Assert.True(result.Succeeded, result.Detail);
        Assert.Equal(["a", "b.c"], points.Select(p => p.Signal));
        Assert.All(points, p => Assert.Equal(5_000_000, p.SourceTimeNs));
    }

    [Fact]
    public void An_array_payload_maps_every_object()
    {
        var (result, points) = Map(LineJson(), Topic, """[{"ts":1,"a":1},{"ts":2,"a":2,"b":"x"}]""");

        Assert.True(result.Succeeded, result.Detail);
        Assert.Equal(3, result.Points);
        Assert.Equal([1_000_000L, 2_000_000L, 2_000_000L], points.Select(p => p.SourceTimeNs));
    }

    [Fact]
    public void Include_keeps_only_named_signals_and_Exclude_drops_named_signals()
    {
        var include = LineJson();
        include.Include = ["temperature_c", "state"];
        var exclude = LineJson();
        exclude.Exclude = ["seq", "state"];

        var (_, included) = Map(include, Topic, SimulatorPayload);
        var (_, excluded) = Map(exclude, Topic, SimulatorPayload);

        Assert.Equal(["state", "temperature_c"], included.Select(p => p.Signal));
        Assert.Equal(8, excluded.Count);
        Assert.DoesNotContain(excluded, p => p.Signal is "seq" or "state");
    }

    [Fact]
    public void Fixed_asset_values_override_and_fill_in_the_topic()
    {
        var rule = new MappingRuleOptions { Name = "r", Topic = "sensors/+/{machine}", Site = "s1", Area = "a1", Line = "l1" };
        var overriding = LineJson();
        overriding.Site = "fixed-site";

        var (_, filled) = Map(rule, "sensors/x/m7", """{"ts":1,"v":1}""");
        var (_, overridden) = Map(overriding, Topic, """{"ts":1,"v":1}""");

        Assert.Equal(new AssetPath { Site = "s1", Area = "a1", Line = "l1", Machine = "m7" }, Assert.Single(filled).Asset);
        Assert.Equal("fixed-site", Assert.Single(overridden).Asset.Site);
        Assert.Equal("assembly", Assert.Single(overridden).Asset.Area);
    }

    [Theory]
    [InlineData("\"good\"", Quality.Good, 0u)]
    [InlineData("\"Uncertain\"", Quality.Uncertain, 0u)]
    [InlineData("\"BAD\"", Quality.Bad, 0u)]
    [InlineData("0", Quality.Good, 0u)]
    [InlineData("1083441152", Quality.Uncertain, 0x40940000u)]
    [InlineData("2150891520", Quality.Bad, 0x80340000u)]
    [InlineData("\"strange\"", Quality.Uncertain, 0u)]
    public void The_quality_field_sets_quality_and_status_and_is_not_a_value(string quality, Quality expected, uint status)
    {
        var rule = LineJson();
        rule.QualityField = "q";

        var (result, points) = Map(rule, Topic, $$"""{"ts":1,"q":{{quality}},"v":1}""");

        Assert.True(result.Succeeded, result.Detail);
        var point = Assert.Single(points);
        Assert.Equal(expected, point.Quality);
        Assert.Equal(status, point.SourceStatus);
    }

    [Theory]
    [InlineData("{\"ts\":1,", "malformed_json")]
    [InlineData("not json", "malformed_json")]
    [InlineData("", "malformed_json")]
    [InlineData("42", "malformed_json")]
    [InlineData("[1,2]", "malformed_json")]
    [InlineData("{\"v\":1}", "missing_timestamp")]
    [InlineData("{\"ts\":\"yesterday\",\"v\":1}", "invalid_timestamp")]
    [InlineData("{\"ts\":9223372036854775807,\"v\":1}", "invalid_timestamp")]
    [InlineData("{\"ts\":1}", "no_values")]
    [InlineData("{\"ts\":1,\"v\":null}", "no_values")]
    [InlineData("[]", "no_values")]
    [InlineData("[{\"ts\":1,\"v\":1},{\"v\":2}]", "missing_timestamp")]
    public void Unreadable_payloads_fail_with_a_reason_and_add_no_points(string payload, string expected)
    {
        var (result, points) = Map(LineJson(), Topic, payload);

        Assert.Equal(expected, result.Error.Reason());
        Assert.False(string.IsNullOrEmpty(result.Detail));
        Assert.Empty(points);
    }

    [Theory]
    [InlineData(new byte[] { (byte)'{', (byte)'"', (byte)'t', (byte)'s', (byte)'"', (byte)':', (byte)'1', (byte)',', (byte)'"', (byte)'s', (byte)'"', (byte)':', (byte)'"', 0xff, (byte)'"', (byte)'}' })]
    [InlineData(new byte[] { (byte)'{', (byte)'"', (byte)'t', (byte)'s', (byte)'"', (byte)':', (byte)'1', (byte)',', (byte)'"', 0xc3, (byte)'"', (byte)':', (byte)'1', (byte)'}' })]
    public void Invalid_UTF8_inside_the_JSON_is_malformed_not_an_exception(byte[] payload)
    {
        var output = new List<ReadOnlyMemory<byte>>();

        var result = MappingRules.Compile([LineJson()]).Map(Topic, new ReadOnlySequence<byte>(payload), ReceiveNs, "mqtt:line1", output);

        Assert.Equal("malformed_json", result.Error.Reason());
        Assert.Empty(output);
    }

    [Fact]
    public void A_topic_no_rule_matches_is_unmapped()
    {
        var (result, points) = Map(LineJson(), "factory/plant1/status", SimulatorPayload);

        Assert.Equal(MappingError.Unmapped, result.Error);
        Assert.Equal("unmapped", result.Error.LedgerReason());
        Assert.Equal("malformed", MappingError.NoValues.LedgerReason());
        Assert.Empty(points);
    }

    [Fact]
    public void The_first_matching_rule_wins_and_ForBroker_keeps_only_named_rules()
    {
        var specific = new MappingRuleOptions { Name = "specific", Topic = "f/{machine}/t", Site = "s", Area = "a", Line = "special" };
        var general = new MappingRuleOptions { Name = "general", Topic = "f/{machine}/#", Site = "s", Area = "a", Line = "general" };
        var rules = MappingRules.Compile([specific, general]);
        var broker = new MqttBrokerOptions { Subscriptions = [new() { Topic = "f/#", Rule = "general" }] };

        Assert.Equal("special", MapWith(rules, "f/m1/t", """{"ts":1,"v":1}""")[0].Asset.Line);
        Assert.Equal("general", MapWith(rules.ForBroker(broker), "f/m1/t", """{"ts":1,"v":1}""")[0].Asset.Line);
        Assert.Equal(1, rules.ForBroker(broker).Count);
    }

    [Fact]
    public void Compile_rejects_a_rule_that_leaves_an_asset_level_empty()
    {
        var rule = new MappingRuleOptions { Name = "r", Topic = "f/{machine}" };

        var problems = MappingRule.Problems(rule);

        Assert.Equal(3, problems.Count);
        Assert.Throws<ArgumentException>(() => MappingRule.Compile(rule));
    }

    private static Point Single(List<Point> points, string signal) => Assert.Single(points, p => p.Signal == signal);

    private static (MappingResult Result, List<Point> Points) Map(MappingRuleOptions rule, string topic, string payload)
    {
        var output = new List<ReadOnlyMemory<byte>>();
        var result = MappingRules.Compile([rule]).Map(topic, new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(payload)), ReceiveNs, "mqtt:line1", output);
        return (result, Decode(output));
    }

    private static List<Point> MapWith(MappingRules rules, string topic, string payload)
    {
        var output = new List<ReadOnlyMemory<byte>>();
        var result = rules.Map(topic, new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(payload)), ReceiveNs, "mqtt:x", output);
        Assert.True(result.Succeeded, result.Detail);
        return Decode(output);
    }

    internal static List<Point> Decode(IEnumerable<ReadOnlyMemory<byte>> records)
    {
        var points = new List<Point>();
        foreach (var record in records)
        {
            points.Add((Point)BatchFraming.Unframe(record.Span));
        }
        return points;
    }
}
