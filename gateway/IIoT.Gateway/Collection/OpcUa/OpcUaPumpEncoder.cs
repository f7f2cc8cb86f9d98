using System.Buffers.Binary;
using System.Numerics;
using IIoT.Contracts;
using IIoT.Contracts.V1;
using IIoT.OpcUa.Types;

namespace IIoT.Gateway.Collection.OpcUa;

/// <summary>
/// Writes one DataValue as a framed <see cref="Point"/> (a Batch.points element, what <see cref="BatchFraming.Frame(Point)"/>
/// makes) straight into the pump's buffer, byte for byte what <see cref="OpcUaPointMapper"/> plus the framing produce.
/// Numbers and booleans, nearly every value, take the direct path: the item's constant fields are pre-encoded and only
/// the value, the two timestamps, quality and status are written. Anything else goes through the mapper.
/// Also drops a value equal to the last one stored for the item with the same source timestamp (a re-send after a
/// reconnect or a transfer with initial values).
/// </summary>
internal static class OpcUaPumpEncoder
{
    private const byte PointsTag = (Batch.PointsFieldNumber << 3) | 2;
    private const byte DoubleTag = (Point.DoubleValueFieldNumber << 3) | 1;
    private const byte IntTag = Point.IntValueFieldNumber << 3;
    private const byte BoolTag = Point.BoolValueFieldNumber << 3;
    private const byte SourceTimeTag = Point.SourceTimeNsFieldNumber << 3;
    private const byte ReceiveTimeTag = Point.ReceiveTimeNsFieldNumber << 3;
    private const byte QualityTag = Point.QualityFieldNumber << 3;
    private const byte StatusTag = Point.SourceStatusFieldNumber << 3;

    /// <summary>OPC UA ticks (since 1601) of the Unix epoch.</summary>
    private const long UnixEpochUaTicks = 116_444_736_000_000_000;

    /// <summary>Below this many ticks the fast conversion equals the mapper's (which clamps at DateTime.MaxValue).</summary>
    private static readonly long MaxFastTicks = DateTime.MaxValue.Ticks - new DateTime(1601, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    /// <summary>
    /// Appends the value's framed point to <paramref name="output"/>, or returns false (nothing written) when it repeats
    /// the last value stored for the item. <paramref name="sourceTimeNs"/> is the point's source time.
    /// </summary>
    public static bool TryEncode(OpcUaPumpItem item, DataValue value, long receiveTimeNs, OpcUaPumpBuffer output, out long sourceTimeNs)
    {
        var status = value.Status.Code;
        var receiveNs = value.ServerTimestamp.IsMinValue ? receiveTimeNs : ToNanoseconds(value.ServerTimestamp);
        var sourceTicks = value.SourceTimestamp.Ticks;
        sourceTimeNs = value.SourceTimestamp.IsMinValue ? receiveNs : ToNanoseconds(value.SourceTimestamp);
        if (!TryScalar(value.Value, out var kind, out var bits))
        {
            return EncodeSlow(item, value, receiveTimeNs, output, sourceTicks, status);
        }
        if (IsDuplicate(item, sourceTicks, status, kind, bits, null))
        {
            return false;
        }
        Remember(item, sourceTicks, status, kind, bits, null);

        var quality = status >> 30 == 0 ? 0 : status >> 30 == 1 ? 1 : 2;
        var valueSize = kind switch
        {
            (byte)Point.ValueOneofCase.DoubleValue => 9,
            (byte)Point.ValueOneofCase.BoolValue => 2,
            _ => 1 + VarintSize(bits),
        };
        var head = item.Head;
        var body = head.Length + valueSize
            + (sourceTimeNs != 0 ? 1 + VarintSize((ulong)sourceTimeNs) : 0)
            + (receiveNs != 0 ? 1 + VarintSize((ulong)receiveNs) : 0)
            + (quality != 0 ? 2 : 0)
            + (status != 0 ? 1 + VarintSize(status) : 0)
            + item.Tail.Length;
        var size = 1 + VarintSize((uint)body) + body;
        var span = output.Reserve(size);
        span[0] = PointsTag;
        var at = 1 + WriteVarint(span[1..], (uint)body);
        head.CopyTo(span[at..]);
        at += head.Length;
        switch (kind)
        {
            case (byte)Point.ValueOneofCase.DoubleValue:
                span[at] = DoubleTag;
                BinaryPrimitives.WriteUInt64LittleEndian(span[(at + 1)..], bits);
                at += 9;
                break;
            case (byte)Point.ValueOneofCase.BoolValue:
                span[at] = BoolTag;
                span[at + 1] = (byte)bits;
                at += 2;
                break;
            default:
                span[at] = IntTag;
                at += 1 + WriteVarint(span[(at + 1)..], bits);
                break;
        }
        if (sourceTimeNs != 0)
        {
            span[at] = SourceTimeTag;
            at += 1 + WriteVarint(span[(at + 1)..], (ulong)sourceTimeNs);
        }
        if (receiveNs != 0)
        {
            span[at] = ReceiveTimeTag;
            at += 1 + WriteVarint(span[(at + 1)..], (ulong)receiveNs);
        }
        if (quality != 0)
        {
            span[at] = QualityTag;
            span[at + 1] = (byte)quality;
            at += 2;
        }
        if (status != 0)
        {
            span[at] = StatusTag;
            at += 1 + WriteVarint(span[(at + 1)..], status);
        }
        item.Tail.CopyTo(span[at..]);
        output.Commit(size);
        return true;
    }

    /// <summary>Strings, arrays, structures and the rest: through the mapper, deduplicated on the mapped value.</summary>
    private static bool EncodeSlow(OpcUaPumpItem item, DataValue value, long receiveTimeNs, OpcUaPumpBuffer output, long sourceTicks, uint status)
    {
        var point = OpcUaPointMapper.Map(item.Item, value, item.Asset, item.Source, receiveTimeNs);
        var kind = (byte)point.ValueCase;
        var (bits, text) = point.ValueCase switch
        {
            Point.ValueOneofCase.DoubleValue => ((ulong)BitConverter.DoubleToInt64Bits(point.DoubleValue), null),
            Point.ValueOneofCase.IntValue => ((ulong)point.IntValue, null),
            Point.ValueOneofCase.BoolValue => (point.BoolValue ? 1ul : 0ul, null),
            Point.ValueOneofCase.StringValue => (0ul, point.StringValue),
            _ => (0ul, (string?)null),
        };
        if (IsDuplicate(item, sourceTicks, status, kind, bits, text))
        {
            return false;
        }
        Remember(item, sourceTicks, status, kind, bits, text);
        var framed = BatchFraming.Frame(point);
        framed.CopyTo(output.Reserve(framed.Length));
        output.Commit(framed.Length);
        return true;
    }

    /// <summary>Numbers and booleans as the oneof case and the bits the point carries (int_value as its zigzag form).</summary>
    private static bool TryScalar(Variant value, out byte kind, out ulong bits)
    {
        bits = 0;
        kind = (byte)Point.ValueOneofCase.IntValue;
        if (value.IsArray)
        {
            return false;
        }
        long integer;
        switch (value.Value)
        {
            case double d:
                kind = (byte)Point.ValueOneofCase.DoubleValue;
                bits = (ulong)BitConverter.DoubleToInt64Bits(d);
                return true;
            case float f:
                kind = (byte)Point.ValueOneofCase.DoubleValue;
                bits = (ulong)BitConverter.DoubleToInt64Bits(f);
                return true;
            case bool b:
                kind = (byte)Point.ValueOneofCase.BoolValue;
                bits = b ? 1ul : 0ul;
                return true;
            case int i:
                integer = i;
                break;
            case uint u:
                integer = u;
                break;
            case long l:
                integer = l;
                break;
            case short s:
                integer = s;
                break;
            case ushort us:
                integer = us;
                break;
            case sbyte sb:
                integer = sb;
                break;
            case byte by:
                integer = by;
                break;
            case ulong ul when ul <= long.MaxValue:
                integer = (long)ul;
                break;
            case ulong ul:
                kind = (byte)Point.ValueOneofCase.DoubleValue;
                bits = (ulong)BitConverter.DoubleToInt64Bits(ul);
                return true;
            default:
                return false;
        }
        bits = (ulong)((integer << 1) ^ (integer >> 63)); // sint64: zigzag
        return true;
    }

    private static bool IsDuplicate(OpcUaPumpItem item, long sourceTicks, uint status, byte kind, ulong bits, string? text) =>
        sourceTicks > 0 && sourceTicks == item.LastSourceTicks && status == item.LastStatus && kind == item.LastKind && bits == item.LastBits
        && string.Equals(text, item.LastText, StringComparison.Ordinal);

    private static void Remember(OpcUaPumpItem item, long sourceTicks, uint status, byte kind, ulong bits, string? text)
    {
        item.LastSourceTicks = sourceTicks;
        item.LastStatus = status;
        item.LastKind = kind;
        item.LastBits = bits;
        item.LastText = text;
    }

    private static long ToNanoseconds(UaDateTime time) =>
        time.Ticks > 0 && time.Ticks < MaxFastTicks ? (time.Ticks - UnixEpochUaTicks) * 100 : OpcUaPointMapper.ToNanoseconds(time);

    private static int VarintSize(ulong value) => (70 - BitOperations.LeadingZeroCount(value | 1)) / 7;

    private static int WriteVarint(Span<byte> destination, ulong value)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        destination[i++] = (byte)value;
        return i;
    }
}
