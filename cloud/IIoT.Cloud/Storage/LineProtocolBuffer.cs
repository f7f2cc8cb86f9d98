using System.Buffers;
using System.Globalization;
using System.Text;
using IIoT.Contracts.V1;

namespace IIoT.Cloud.Storage;

/// <summary>
/// InfluxDB line protocol written as UTF-8 straight into a pooled buffer, one line per point or loss
/// record, remembering where each line ends and which batch item it came from so that a refused range
/// can be bisected down to the refusing lines.
/// </summary>
/// <remarks>
/// Escaping follows what influxd 1.x actually parses (verified against 1.6.7, see LineProtocolRoundTripTests):
/// measurement: comma and space; tag keys, tag values and field keys: comma, equals and space; string field
/// values: double quote and backslash. A backslash elsewhere in a name is literal, so it is written as is;
/// a backslash just before a delimiter or at the end of a name cannot be stored and is refused by
/// <see cref="Ingestion.PointValidator"/>.
/// </remarks>
internal sealed class LineProtocolBuffer : IDisposable
{
    private const byte MeasurementEscapes = 1;
    private const byte TagEscapes = 2;
    private const byte StringEscapes = 3;

    private byte[] _buffer;
    private int _length;
    private int[] _lineEnds;
    private int[] _items;

    public LineProtocolBuffer(int expectedLines = 64)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(expectedLines, 1) * 160);
        _lineEnds = ArrayPool<int>.Shared.Rent(Math.Max(expectedLines, 1));
        _items = ArrayPool<int>.Shared.Rent(Math.Max(expectedLines, 1));
    }

    public int LineCount { get; private set; }

    /// <summary>The batch item (point index, or loss index) that line <paramref name="line"/> was built from.</summary>
    public int ItemOf(int line) => _items[line];

    /// <summary>Lines [first, first + count), each ending with '\n'.</summary>
    public ReadOnlyMemory<byte> Lines(int first, int count)
    {
        var start = first == 0 ? 0 : _lineEnds[first - 1];
        return _buffer.AsMemory(start, _lineEnds[first + count - 1] - start);
    }

    public void AppendPoint(Point point, string gateway, long timestampNs, int item)
    {
        WriteEscaped(point.Signal, MeasurementEscapes);
        // Tags in key order: influxd sorts them otherwise.
        var asset = point.Asset;
        WriteTag("area"u8, asset?.Area);
        WriteTag("gateway"u8, gateway);
        WriteTag("line"u8, asset?.Line);
        WriteTag("machine"u8, asset?.Machine);
        WriteTag("site"u8, asset?.Site);
        WriteTag("source"u8, point.Source);
        WriteTag("unit"u8, point.Unit);
        switch (point.ValueCase)
        {
            case Point.ValueOneofCase.DoubleValue:
                WriteAscii(" value="u8);
                WriteDouble(point.DoubleValue);
                break;
            case Point.ValueOneofCase.IntValue:
                WriteAscii(" value="u8);
                WriteInteger(point.IntValue);
                break;
            case Point.ValueOneofCase.BoolValue:
                WriteAscii(" value="u8);
                WriteAscii(point.BoolValue ? "true"u8 : "false"u8);
                break;
            case Point.ValueOneofCase.StringValue:
                WriteAscii(" value="u8);
                WriteString(point.StringValue);
                break;
            case Point.ValueOneofCase.None when point.Quality != Quality.Good:
                // A bad reading without a value (a sensor failure): stored as its quality and status only, never as 0.
                WriteAscii(" "u8);
                break;
            default:
                throw new ArgumentException("A good point without a value cannot be written.", nameof(point));
        }
        var first = point.ValueCase == Point.ValueOneofCase.None;
        WriteAscii(point.Quality switch
        {
            Quality.Good => ",quality=\"good\""u8,
            Quality.Uncertain => first ? "quality=\"uncertain\""u8 : ",quality=\"uncertain\""u8,
            _ => first ? "quality=\"bad\""u8 : ",quality=\"bad\""u8,
        });
        WriteAscii(",status="u8);
        WriteInteger(point.SourceStatus);
        WriteAscii(",rx="u8);
        WriteInteger(point.ReceiveTimeNs);
        EndLine(timestampNs, item);
    }

    public void AppendLoss(LossRecord loss, string gateway, long timestampNs, int item)
    {
        WriteAscii("iiot_loss"u8);
        WriteTag("gateway"u8, gateway);
        WriteTag("reason"u8, loss.Reason);
        WriteTag("source"u8, loss.Source);
        WriteAscii(" count="u8);
        WriteInteger((long)Math.Min(loss.Count, long.MaxValue));
        WriteAscii(",first_ns="u8);
        WriteInteger(loss.FirstTimeNs);
        WriteAscii(",last_ns="u8);
        WriteInteger(loss.LastTimeNs);
        WriteAscii(",detail="u8);
        WriteString(loss.Detail);
        EndLine(timestampNs, item);
    }

    public override string ToString() => Encoding.UTF8.GetString(_buffer, 0, _length);

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        ArrayPool<int>.Shared.Return(_lineEnds);
        ArrayPool<int>.Shared.Return(_items);
        _buffer = [];
        _lineEnds = [];
        _items = [];
    }

    private void WriteTag(ReadOnlySpan<byte> key, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return; // InfluxDB has no empty tag values: an absent tag is the same thing.
        }
        Ensure(key.Length + 2);
        _buffer[_length++] = (byte)',';
        WriteAscii(key);
        _buffer[_length++] = (byte)'=';
        WriteEscaped(value, TagEscapes);
    }

    private void WriteString(string value)
    {
        Ensure(1);
        _buffer[_length++] = (byte)'"';
        WriteEscaped(value, StringEscapes);
        Ensure(1);
        _buffer[_length++] = (byte)'"';
    }

    private void EndLine(long timestampNs, int item)
    {
        Ensure(1);
        _buffer[_length++] = (byte)' ';
        WriteInteger(timestampNs, suffix: false);
        Ensure(1);
        _buffer[_length++] = (byte)'\n';
        if (LineCount == _lineEnds.Length)
        {
            _lineEnds = Grow(_lineEnds, LineCount);
            _items = Grow(_items, LineCount);
        }
        _lineEnds[LineCount] = _length;
        _items[LineCount] = item;
        LineCount++;
    }

    private void WriteInteger(long value, bool suffix = true)
    {
        Ensure(24);
        value.TryFormat(_buffer.AsSpan(_length), out var written, default, CultureInfo.InvariantCulture);
        _length += written;
        if (suffix)
        {
            _buffer[_length++] = (byte)'i';
        }
    }

    private void WriteDouble(double value)
    {
        // Shortest round-trip form ("1.5", "3", "1E+20"): influxd parses it with strconv.ParseFloat.
        Ensure(32);
        value.TryFormat(_buffer.AsSpan(_length), out var written, "R", CultureInfo.InvariantCulture);
        _length += written;
    }

    private void WriteAscii(ReadOnlySpan<byte> text)
    {
        Ensure(text.Length);
        text.CopyTo(_buffer.AsSpan(_length));
        _length += text.Length;
    }

    private void WriteEscaped(string text, byte escapes)
    {
        var specials = 0;
        foreach (var c in text)
        {
            if (NeedsEscape(c, escapes))
            {
                specials++;
            }
        }
        Ensure(Encoding.UTF8.GetMaxByteCount(text.Length) + specials);
        var start = _length;
        var encoded = Encoding.UTF8.GetBytes(text, _buffer.AsSpan(start));
        if (specials > 0)
        {
            // Every escaped character is ASCII and UTF-8 continuation bytes never are, so escaping the
            // encoded bytes in place, back to front, is exact.
            var from = start + encoded - 1;
            var to = from + specials;
            while (from >= start)
            {
                var b = _buffer[from--];
                _buffer[to--] = b;
                if (NeedsEscape((char)b, escapes))
                {
                    _buffer[to--] = (byte)'\\';
                }
            }
        }
        _length = start + encoded + specials;
    }

    private static bool NeedsEscape(char c, byte escapes) => escapes switch
    {
        MeasurementEscapes => c is ',' or ' ',
        TagEscapes => c is ',' or '=' or ' ',
        _ => c is '"' or '\\',
    };

    private void Ensure(int more)
    {
        if (_length + more <= _buffer.Length)
        {
            return;
        }
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + more));
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    private static int[] Grow(int[] array, int used)
    {
        var bigger = ArrayPool<int>.Shared.Rent(array.Length * 2);
        array.AsSpan(0, used).CopyTo(bigger);
        ArrayPool<int>.Shared.Return(array);
        return bigger;
    }
}
