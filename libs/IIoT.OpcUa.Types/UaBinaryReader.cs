using System.Buffers.Binary;
using System.Text;

namespace IIoT.OpcUa.Types;

/// <summary>Reads one element of an array; a delegate so that the ref struct reader can be passed by reference.</summary>
public delegate T UaElementReader<out T>(ref UaBinaryReader reader);

/// <summary>
/// UA Binary decoder over a span (OPC 10000-6 §5.2). Every length from the wire is checked against the configured
/// limit, the bytes remaining and remaining / minimum element size before anything is allocated or looped over
/// (UA-D01/D02). Variant, ExtensionObject, DataValue and DiagnosticInfo share one nesting budget (UA-D03/D04).
/// Every failure is a <see cref="UaDecodingException"/>; nothing else escapes.
/// </summary>
public ref partial struct UaBinaryReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly EncodingLimits _limits;
    private int _position;
    private int _depth;
    private int _diagnosticDepth;

    /// <param name="data">The encoded bytes.</param>
    /// <param name="limits">Ceilings; <see cref="EncodingLimits.Default"/> when null.</param>
    /// <param name="depth">Nesting already used by an outer reader, so that a structure decoded from an
    /// ExtensionObject body stays inside the same budget (UA-D04).</param>
    public UaBinaryReader(ReadOnlySpan<byte> data, EncodingLimits? limits = null, int depth = 0)
    {
        _limits = limits ?? EncodingLimits.Default;
        if (data.Length > _limits.MaxMessageSize)
            throw Limit($"message: {data.Length} bytes exceed MaxMessageSize {_limits.MaxMessageSize}");
        if (depth < 0 || depth > _limits.MaxNestingDepth)
            throw Limit($"nesting: starting depth {depth} is outside 0..{_limits.MaxNestingDepth}");
        _data = data;
        _depth = depth;
    }

    public readonly int Position => _position;

    public readonly int Remaining => _data.Length - _position;

    /// <summary>Nesting levels currently entered (Variant, ExtensionObject, DataValue, DiagnosticInfo).</summary>
    public readonly int Depth => _depth;

    public readonly EncodingLimits Limits => _limits;

    /// <summary>Enters one nesting level, or throws BadEncodingLimitsExceeded without taking the level (UA-D04).</summary>
    public void EnterNesting(string field)
    {
        if (_depth >= _limits.MaxNestingDepth)
            throw Limit($"{field}: nesting deeper than MaxNestingDepth {_limits.MaxNestingDepth}");
        _depth++;
    }

    public void ExitNesting()
    {
        if (_depth > 0) _depth--;
    }

    /// <summary>Throws BadDecodingError if bytes are left over, e.g. after a message body or ExtensionObject body.</summary>
    public readonly void EnsureEnd(string field)
    {
        if (Remaining != 0) throw Decoding($"{field}: {Remaining} unread bytes at the end");
    }

    public bool ReadBoolean(string field = "Boolean") => Take(1, field)[0] != 0;

    public sbyte ReadSByte(string field = "SByte") => (sbyte)Take(1, field)[0];

    public byte ReadByte(string field = "Byte") => Take(1, field)[0];

    public short ReadInt16(string field = "Int16") => BinaryPrimitives.ReadInt16LittleEndian(Take(2, field));

    public ushort ReadUInt16(string field = "UInt16") => BinaryPrimitives.ReadUInt16LittleEndian(Take(2, field));

    public int ReadInt32(string field = "Int32") => BinaryPrimitives.ReadInt32LittleEndian(Take(4, field));

    public uint ReadUInt32(string field = "UInt32") => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, field));

    public long ReadInt64(string field = "Int64") => BinaryPrimitives.ReadInt64LittleEndian(Take(8, field));

    public ulong ReadUInt64(string field = "UInt64") => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, field));

    public float ReadFloat(string field = "Float") => BinaryPrimitives.ReadSingleLittleEndian(Take(4, field));

    public double ReadDouble(string field = "Double") => BinaryPrimitives.ReadDoubleLittleEndian(Take(8, field));

    public UaDateTime ReadDateTime(string field = "DateTime") => new(ReadInt64(field));

    /// <summary>OPC UA Guid layout: UInt32, UInt16, UInt16 little-endian then 8 bytes, the same as Guid(ReadOnlySpan).</summary>
    public Guid ReadGuid(string field = "Guid") => new(Take(16, field));

    public StatusCode ReadStatusCode(string field = "StatusCode") => new(ReadUInt32(field));

    /// <summary>Int32 byte length (-1 null) then UTF-8. Invalid UTF-8 becomes U+FFFD rather than an exception.</summary>
    public string? ReadString(string field = "String")
    {
        var length = ReadLength(field, _limits.MaxStringLength, "MaxStringLength");
        if (length < 0) return null;
        return length == 0 ? "" : Encoding.UTF8.GetString(Take(length, field));
    }

    public byte[]? ReadByteString(string field = "ByteString")
    {
        var length = ReadLength(field, _limits.MaxByteStringLength, "MaxByteStringLength");
        return length < 0 ? null : Take(length, field).ToArray();
    }

    public XmlElement ReadXmlElement(string field = "XmlElement") => new(ReadString(field));

    /// <summary>
    /// Reads an array count and then its elements; null for -1. <paramref name="minElementSize"/> is the smallest
    /// encoding of one element, so a count that cannot fit the remaining bytes fails before the array exists (UA-D01).
    /// </summary>
    public T[]? ReadArray<T>(string field, int minElementSize, UaElementReader<T> readElement)
    {
        var count = ReadArrayLength(field, minElementSize);
        if (count < 0) return null;
        var result = new T[count];
        for (var i = 0; i < result.Length; i++) result[i] = readElement(ref this);
        return result;
    }

    /// <summary>Reads and checks an array count: -1 null, below -1 malformed, above the limit or the bytes left refused.</summary>
    public int ReadArrayLength(string field, int minElementSize)
    {
        var count = ReadInt32(field);
        if (count == -1) return -1;
        if (count < -1) throw Decoding($"{field}: array length {count} is negative");
        if (count > _limits.MaxArrayLength)
            throw Limit($"{field}: array length {count} exceeds MaxArrayLength {_limits.MaxArrayLength}");
        if (count > Remaining / Math.Max(1, minElementSize))
            throw Decoding($"{field}: array length {count} cannot fit in the {Remaining} bytes left");
        return count;
    }

    /// <param name="part">Appended to the field name in error messages only, so a good read builds no string.</param>
    private int ReadLength(string field, int limit, string limitName, string part = "")
    {
        var length = ReadInt32(field);
        if (length == -1) return -1;
        if (length < -1) throw Decoding($"{field}{part}: length {length} is negative");
        if (length > limit) throw Limit($"{field}{part}: length {length} exceeds {limitName} {limit}");
        if (length > Remaining) throw Decoding($"{field}{part}: length {length} but only {Remaining} bytes left");
        return length;
    }

    private ReadOnlySpan<byte> Take(int count, string field)
    {
        if (count > Remaining) throw Decoding($"{field}: needs {count} bytes, {Remaining} left");
        var slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }

    internal static UaDecodingException Decoding(string message) => new(StatusCodes.BadDecodingError, message);

    internal static UaDecodingException Limit(string message) => new(StatusCodes.BadEncodingLimitsExceeded, message);
}
