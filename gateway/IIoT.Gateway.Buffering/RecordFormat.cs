using System.Buffers.Binary;

namespace IIoT.Gateway.Buffering;

/// <summary>
/// The on-disk record. All integers little-endian.
/// <code>
///  0        4        8        12               20               28
///  +--------+--------+--------+----------------+----------------+-----------------+
///  | magic  | length | crc32c | index u64      | appended ms i64| payload[length] |
///  +--------+--------+--------+----------------+----------------+-----------------+
/// </code>
/// The CRC covers length, index, time and payload. The index is stored (the brief's layout did not have it)
/// so that records after a corrupt one keep their true indexes: with positional indexes, skipping one
/// corrupt record would shift every later index down and the ack cursor would skip an unacknowledged record.
/// </summary>
internal static class RecordFormat
{
    public const uint Magic = 0x52424949; // "IIBR"
    public const int HeaderSize = 28;

    public enum ParseResult
    {
        Valid,

        /// <summary>The span ends before the record does (a torn tail, or the read window ends).</summary>
        Incomplete,

        /// <summary>Bad magic, oversized length or CRC mismatch.</summary>
        Corrupt,
    }

    public static int EncodedSize(int payloadLength) => HeaderSize + payloadLength;

    /// <summary>Writes one record into <paramref name="destination"/> (which must hold <see cref="EncodedSize"/> bytes).</summary>
    public static void Write(Span<byte> destination, ulong index, long appendedUnixMs, ReadOnlySpan<byte> payload)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], (uint)payload.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[12..], index);
        BinaryPrimitives.WriteInt64LittleEndian(destination[20..], appendedUnixMs);
        payload.CopyTo(destination[HeaderSize..]);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], ComputeCrc(destination, payload.Length));
    }

    /// <summary>Parses the record at the start of <paramref name="source"/>; never throws.</summary>
    public static ParseResult TryParse(ReadOnlySpan<byte> source, int maxRecordBytes, out ulong index, out long appendedUnixMs, out int payloadLength)
    {
        index = 0;
        appendedUnixMs = 0;
        payloadLength = 0;
        if (source.Length < 8)
        {
            // Too short to judge the magic reliably only when fewer than 4 bytes are there.
            if (source.Length >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(source) != Magic)
            {
                return ParseResult.Corrupt;
            }
            return ParseResult.Incomplete;
        }
        if (BinaryPrimitives.ReadUInt32LittleEndian(source) != Magic)
        {
            return ParseResult.Corrupt;
        }
        var length = BinaryPrimitives.ReadUInt32LittleEndian(source[4..]);
        if (length > (uint)maxRecordBytes)
        {
            return ParseResult.Corrupt;
        }
        if (source.Length < HeaderSize + (int)length)
        {
            return ParseResult.Incomplete;
        }
        if (BinaryPrimitives.ReadUInt32LittleEndian(source[8..]) != ComputeCrc(source, (int)length))
        {
            return ParseResult.Corrupt;
        }
        index = BinaryPrimitives.ReadUInt64LittleEndian(source[12..]);
        appendedUnixMs = BinaryPrimitives.ReadInt64LittleEndian(source[20..]);
        payloadLength = (int)length;
        return ParseResult.Valid;
    }

    /// <summary>Offset of the next possible record start after a corrupt byte, or -1 if none is in the span.</summary>
    public static int FindNextMagic(ReadOnlySpan<byte> source, int from)
    {
        Span<byte> magic = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(magic, Magic);
        if (from >= source.Length)
        {
            return -1;
        }
        var at = source[from..].IndexOf(magic);
        return at < 0 ? -1 : from + at;
    }

    private static uint ComputeCrc(ReadOnlySpan<byte> record, int payloadLength)
    {
        var state = Crc32C.Update(Crc32C.Seed, record.Slice(4, 4));
        state = Crc32C.Update(state, record.Slice(12, HeaderSize - 12 + payloadLength));
        return Crc32C.Finish(state);
    }
}
