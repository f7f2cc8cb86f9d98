using System.Buffers;

namespace IIoT.OpcUa.Types.Structures;

/// <summary>A generated structure and its decoder, found by its DefaultBinary encoding id.</summary>
public sealed record EncodeableType(Type Type, UaElementReader<IEncodeable> Decode)
{
    /// <summary>Decodes a whole body (an ExtensionObject body or a service message's fields); trailing bytes are an error.</summary>
    public IEncodeable DecodeWhole(ReadOnlySpan<byte> body, EncodingLimits? limits = null)
    {
        var reader = new UaBinaryReader(body, limits);
        var value = Decode(ref reader);
        reader.EnsureEnd(Type.Name);
        return value;
    }
}

/// <summary>Every generated structure with a binary encoding, by encoding id (the table is generated from the BSD).</summary>
public static partial class EncodeableTypes
{
    private static readonly Dictionary<uint, EncodeableType> Table = Build();

    public static IReadOnlyDictionary<uint, EncodeableType> ByBinaryEncodingId => Table;

    /// <summary>The fields of <paramref name="value"/> in UA Binary, without an encoding id.</summary>
    public static byte[] Encode(IEncodeable value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var buffer = new ArrayBufferWriter<byte>();
        value.Encode(new UaBinaryWriter(buffer));
        return buffer.WrittenSpan.ToArray();
    }
}
