using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Types.Tests.Structures;

/// <summary>Encode/decode helpers for the generated structures.</summary>
internal static class StructureCodec
{
    public static byte[] Encode(IEncodeable value) => Codec.Encode(value.Encode);

    /// <summary>Decodes and insists every byte was consumed.</summary>
    public static T Decode<T>(byte[] bytes)
        where T : IEncodeable<T> =>
        Codec.Decode(bytes, static (ref UaBinaryReader r) => T.Decode(ref r));

    /// <summary>Encodes, decodes and checks the decoded value encodes to the same bytes.</summary>
    public static T RoundTrip<T>(T value)
        where T : IEncodeable<T>
    {
        var bytes = Encode(value);
        var decoded = Decode<T>(bytes);
        Assert.Equal(bytes, Encode(decoded));
        return decoded;
    }
}
