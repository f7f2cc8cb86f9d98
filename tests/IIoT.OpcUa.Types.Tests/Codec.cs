using System.Buffers;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Types.Tests;

/// <summary>Encode/decode helpers shared by the codec tests.</summary>
internal static class Codec
{
    public static byte[] Encode(Action<UaBinaryWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(new UaBinaryWriter(buffer));
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Decodes and insists every byte was consumed.</summary>
    public static T Decode<T>(byte[] bytes, UaElementReader<T> read, EncodingLimits? limits = null)
    {
        var reader = new UaBinaryReader(bytes, limits);
        var value = read(ref reader);
        reader.EnsureEnd("test input");
        return value;
    }

    public static Variant DecodeVariant(byte[] bytes, EncodingLimits? limits = null) =>
        Decode(bytes, static (ref UaBinaryReader r) => r.ReadVariant(), limits);

    public static UaDecodingException Fails<T>(byte[] bytes, UaElementReader<T> read, EncodingLimits? limits = null) =>
        Assert.Throws<UaDecodingException>(() => Decode(bytes, read, limits));

    public static UaDecodingException FailsVariant(byte[] bytes, EncodingLimits? limits = null) =>
        Fails(bytes, static (ref UaBinaryReader r) => r.ReadVariant(), limits);

    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    public static byte[] Int32Le(int value) => BitConverter.GetBytes(value);
}
