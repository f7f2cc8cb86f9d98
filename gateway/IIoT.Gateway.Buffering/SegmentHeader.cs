using System.Buffers.Binary;
using System.Globalization;

namespace IIoT.Gateway.Buffering;

/// <summary>
/// The first bytes of every segment file.
/// <code>
///  0        4         8                16       20       24
///  +--------+---------+----------------+--------+--------+
///  | magic  | version | first index    | crc32c | zero   |
///  +--------+---------+----------------+--------+--------+
/// </code>
/// The CRC covers bytes 0..16. A reader refuses versions it does not know (BUF-11) rather than guessing.
/// </summary>
internal static class SegmentHeader
{
    public const uint Magic = 0x47534949; // "IISG"
    public const uint CurrentVersion = 1;
    public const int Size = 24;
    public const string Extension = ".seg";
    private const int NameDigits = 18;

    public enum ParseResult
    {
        Valid,
        TooShort,
        BadMagic,
        BadCrc,
        UnknownVersion,
    }

    public static string FileName(ulong firstIndex) =>
        firstIndex.ToString("D" + NameDigits, CultureInfo.InvariantCulture) + Extension;

    /// <summary>True for names this buffer writes: 18 digits and ".seg".</summary>
    public static bool TryParseFileName(string fileName, out ulong firstIndex)
    {
        firstIndex = 0;
        if (fileName.Length != NameDigits + Extension.Length || !fileName.EndsWith(Extension, StringComparison.Ordinal))
        {
            return false;
        }
        var digits = fileName.AsSpan(0, NameDigits);
        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }
        return ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out firstIndex);
    }

    public static void Write(Span<byte> destination, ulong firstIndex, uint version = CurrentVersion)
    {
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], version);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], firstIndex);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], Crc32C.Compute(destination[..16]));
    }

    public static ParseResult TryParse(ReadOnlySpan<byte> source, out uint version, out ulong firstIndex)
    {
        version = 0;
        firstIndex = 0;
        if (source.Length < Size)
        {
            return ParseResult.TooShort;
        }
        if (BinaryPrimitives.ReadUInt32LittleEndian(source) != Magic)
        {
            return ParseResult.BadMagic;
        }
        if (BinaryPrimitives.ReadUInt32LittleEndian(source[16..]) != Crc32C.Compute(source[..16]))
        {
            return ParseResult.BadCrc;
        }
        version = BinaryPrimitives.ReadUInt32LittleEndian(source[4..]);
        firstIndex = BinaryPrimitives.ReadUInt64LittleEndian(source[8..]);
        return version == CurrentVersion ? ParseResult.Valid : ParseResult.UnknownVersion;
    }
}
