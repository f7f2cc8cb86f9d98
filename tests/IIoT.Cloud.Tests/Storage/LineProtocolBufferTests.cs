using IIoT.Cloud.Storage;
using IIoT.Contracts.V1;

namespace IIoT.Cloud.Tests.Storage;

public sealed class LineProtocolBufferTests
{
    [Fact]
    public void Point_line_has_sorted_tags_typed_value_and_metadata_fields()
    {
        using var buffer = new LineProtocolBuffer();
        buffer.AppendPoint(new Point
        {
            Signal = "temperature",
            Asset = new AssetPath { Site = "s", Area = "a", Line = "l", Machine = "m" },
            DoubleValue = 21.5,
            Quality = Quality.Uncertain,
            SourceStatus = 0x40000000,
            ReceiveTimeNs = 99,
            Source = "mqtt:line1",
            Unit = "degC",
        }, "gw1", 1234, item: 0);

        Assert.Equal(
            "temperature,area=a,gateway=gw1,line=l,machine=m,site=s,source=mqtt:line1,unit=degC value=21.5,quality=\"uncertain\",status=1073741824i,rx=99i 1234\n",
            buffer.ToString());
    }

    [Fact]
    public void Empty_tags_are_omitted_and_value_types_are_written_as_influx_types()
    {
        using var buffer = new LineProtocolBuffer(1);
        buffer.AppendPoint(new Point { Signal = "i", IntValue = -5 }, "g", 1, 0);
        buffer.AppendPoint(new Point { Signal = "b", BoolValue = true, Quality = Quality.Bad }, "g", 2, 1);
        buffer.AppendPoint(new Point { Signal = "s", StringValue = "x" }, "g", 3, 2);
        buffer.AppendPoint(new Point { Signal = "d", DoubleValue = 3 }, "g", 4, 3);

        Assert.Equal(
            "i,gateway=g value=-5i,quality=\"good\",status=0i,rx=0i 1\n" +
            "b,gateway=g value=true,quality=\"bad\",status=0i,rx=0i 2\n" +
            "s,gateway=g value=\"x\",quality=\"good\",status=0i,rx=0i 3\n" +
            "d,gateway=g value=3,quality=\"good\",status=0i,rx=0i 4\n",
            buffer.ToString());
        Assert.Equal(4, buffer.LineCount);
    }

    [Fact]
    public void A_bad_point_without_a_value_is_written_as_quality_and_status_only_and_a_good_one_is_refused()
    {
        using var buffer = new LineProtocolBuffer();
        buffer.AppendPoint(new Point { Signal = "t", Quality = Quality.Bad, SourceStatus = 0x808B0000 }, "g", 1, 0);
        buffer.AppendPoint(new Point { Signal = "u", Quality = Quality.Uncertain }, "g", 2, 1);

        Assert.Equal(
            "t,gateway=g quality=\"bad\",status=2156593152i,rx=0i 1\n" +
            "u,gateway=g quality=\"uncertain\",status=0i,rx=0i 2\n",
            buffer.ToString());
        Assert.Throws<ArgumentException>(() => buffer.AppendPoint(new Point { Signal = "v" }, "g", 3, 2));
    }

    [Theory]
    [InlineData("a b,c=d", "a\\ b\\,c=d")]
    [InlineData("温度 一", "温度\\ 一")]
    [InlineData("back\\slash", "back\\slash")]
    public void Measurement_escapes_comma_and_space_only(string signal, string expected)
    {
        using var buffer = new LineProtocolBuffer();
        buffer.AppendPoint(new Point { Signal = signal, IntValue = 1 }, "g", 1, 0);
        Assert.StartsWith(expected + ",gateway=g ", buffer.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a b", "a\\ b")]
    [InlineData("k=v,w", "k\\=v\\,w")]
    [InlineData("线\\一", "线\\一")]
    public void Tag_values_escape_comma_equals_and_space(string site, string expected)
    {
        using var buffer = new LineProtocolBuffer();
        buffer.AppendPoint(new Point { Signal = "m", IntValue = 1, Asset = new AssetPath { Site = site } }, "g", 1, 0);
        Assert.StartsWith("m,gateway=g,site=" + expected + " value=", buffer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void String_field_escapes_quote_and_backslash_and_keeps_newlines_and_unicode()
    {
        using var buffer = new LineProtocolBuffer();
        buffer.AppendPoint(new Point { Signal = "m", StringValue = "say \"hi\" C:\\dir\\ 中文\nnext" }, "g", 1, 0);
        Assert.Contains("value=\"say \\\"hi\\\" C:\\\\dir\\\\ 中文\nnext\",", buffer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Loss_record_line_follows_the_schema()
    {
        using var buffer = new LineProtocolBuffer();
        buffer.AppendLoss(new LossRecord
        {
            Source = "mqtt:line1", Reason = "overflow", Count = 7, FirstTimeNs = 10, LastTimeNs = 20, Detail = "buffer \"full\"",
        }, "gw1", 30, item: 0);
        Assert.Equal("iiot_loss,gateway=gw1,reason=overflow,source=mqtt:line1 count=7i,first_ns=10i,last_ns=20i,detail=\"buffer \\\"full\\\"\" 30\n",
            buffer.ToString());
    }

    [Fact]
    public void Lines_slices_ranges_and_remembers_items_across_buffer_growth()
    {
        using var buffer = new LineProtocolBuffer(1);
        for (var i = 0; i < 1000; i++)
        {
            buffer.AppendPoint(new Point { Signal = "sig" + i, StringValue = new string('x', i) }, "g", i, item: i * 2);
        }
        var text = buffer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1000, buffer.LineCount);
        Assert.Equal(text[500] + "\n" + text[501] + "\n", System.Text.Encoding.UTF8.GetString(buffer.Lines(500, 2).Span));
        Assert.Equal(text[0] + "\n", System.Text.Encoding.UTF8.GetString(buffer.Lines(0, 1).Span));
        Assert.Equal(1998, buffer.ItemOf(999));
    }
}
