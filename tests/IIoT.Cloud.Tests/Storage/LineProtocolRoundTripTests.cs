using System.Text.Json;
using IIoT.Cloud.Configuration;
using IIoT.Cloud.Storage;
using IIoT.Contracts.V1;
using IIoT.Cloud.Tests.Support;
using IIoT.Testing;

namespace IIoT.Cloud.Tests.Storage;

/// <summary>What the builder writes is what influxd 1.x stores, special characters included.</summary>
public sealed class LineProtocolRoundTripTests(InfluxdFixture fixture) : IClassFixture<InfluxdFixture>, IDisposable
{
    private readonly InfluxdServer _influxd = fixture.Server;
    private readonly InfluxV1Writer _writer = new(new StorageOptions { Url = fixture.Server.Url, CreateDatabases = true });

    public void Dispose() => _writer.Dispose();

    [Fact]
    public async Task A_bad_point_without_a_value_is_stored_with_its_quality_and_status_and_no_value()
    {
        using var buffer = new LineProtocolBuffer();
        buffer.AppendPoint(new Point { Signal = "sensor_failed", Quality = Quality.Bad, SourceStatus = 0x808B0000 }, "gw", 1_700_000_000_000_000_000, 0);

        var outcome = await _writer.WriteAsync("nv", buffer.Lines(0, 1), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(outcome.IsAccepted, outcome.Refusal);
        var row = Assert.Single(await _influxd.RowsAsync("nv", "SELECT * FROM sensor_failed").WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal("bad", row["quality"].GetString());
        Assert.Equal(0x808B0000L, row["status"].GetInt64());
        Assert.False(row.TryGetValue("value", out var value) && value.ValueKind != JsonValueKind.Null, "no value field");
    }

    [Theory]
    [InlineData("plain", "site", "unit", "text")]
    [InlineData("with space", "a b", "m s", "two words")]
    [InlineData("comma,here", "x,y", "p,q", "c,d")]
    [InlineData("equals=sign", "k=v", "a=b", "e=f")]
    [InlineData("quote\"d", "q\"t", "u\"", "say \"hi\"")]
    [InlineData("back\\slash", "C:\\dir\\x", "a\\\\b", "ends with \\")]
    [InlineData("odd\\x", "t\\ab", "u\\v\\w", "\\\"\\\\")]
    [InlineData("温度 传感器", "一号,线", "摄氏度", "中文 文本\n第二行")]
    public async Task Special_characters_survive_a_round_trip_through_influxd(string signal, string site, string unit, string text)
    {
        using var buffer = new LineProtocolBuffer();
        var point = new Point
        {
            Signal = signal, StringValue = text, Unit = unit, Asset = new AssetPath { Site = site, Machine = "m 1" },
        };
        buffer.AppendPoint(point, "gw,1 =x", 1_700_000_000_000_000_000, 0);

        var outcome = await _writer.WriteAsync("rt", buffer.Lines(0, 1), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(outcome.IsAccepted, outcome.Refusal);
        var measurement = "\"" + signal.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
        var rows = await _influxd.RowsAsync("rt", $"SELECT * FROM {measurement}").WaitAsync(TimeSpan.FromSeconds(30));
        var row = Assert.Single(rows);
        Assert.Equal(signal, row["_measurement"].GetString());
        Assert.Equal(text, row["value"].GetString());
        Assert.Equal(site, row["site"].GetString());
        Assert.Equal(unit, row["unit"].GetString());
        Assert.Equal("m 1", row["machine"].GetString());
        Assert.Equal("gw,1 =x", row["gateway"].GetString());
    }

    [Theory]
    [InlineData(1e20)]
    [InlineData(1e-5)]
    [InlineData(-0.1)]
    [InlineData(double.MaxValue)]
    [InlineData(42)]
    public async Task Doubles_round_trip_exactly(double value)
    {
        using var buffer = new LineProtocolBuffer();
        var signal = "dbl " + value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        buffer.AppendPoint(new Point { Signal = signal, DoubleValue = value }, "g", 1_700_000_000_000_000_000, 0);
        Assert.True((await _writer.WriteAsync("rt", buffer.Lines(0, 1), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30))).IsAccepted);

        var rows = await _influxd.RowsAsync("rt", $"SELECT value FROM \"{signal}\"").WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(value, Assert.Single(rows)["value"].GetDouble());
        Assert.Equal(JsonValueKind.Number, rows[0]["value"].ValueKind);
    }
}
