using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;

namespace IIoT.OpcUa.Types.Tests.Properties;

/// <summary>
/// "Arbitrary bytes" that reach past the first byte: pure noise rarely gets beyond an encoding mask, so most inputs
/// are a valid encoding with a few mutations (bit flips, inserted/deleted bytes, an Int32 length set to an edge
/// value, truncation, a splice of two encodings).
/// </summary>
internal static class ByteMutations
{
    private static readonly int[] EdgeLengths = [-2, -1, 0, 1, 0x7F, 0xFF, 0xFFFF, 0x10000, int.MaxValue, int.MinValue];

    public static Gen<byte[]> For(BuiltInCodec codec) => Gen.Frequency(
        (1, Gen.Choose(0, 48).SelectMany(UaGen.Bytes)),
        (4, from value in codec.Gen
            from other in codec.Gen
            from seed in Gen.Choose(0, int.MaxValue)
            select Mutate(codec.Encode(value), codec.Encode(other), new Random(seed))));

    public static byte[] Mutate(byte[] input, byte[] other, Random random)
    {
        var bytes = new List<byte>(input);
        var rounds = random.Next(1, 4);
        for (var i = 0; i < rounds; i++)
        {
            var at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0 when bytes.Count > 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
                case 2 when bytes.Count > 0:
                    bytes.RemoveAt(at);
                    break;
                case 3 when bytes.Count >= 4:
                    var edge = new byte[4];
                    BinaryPrimitives.WriteInt32LittleEndian(edge, EdgeLengths[random.Next(EdgeLengths.Length)]);
                    var start = random.Next(bytes.Count - 3);
                    for (var k = 0; k < 4; k++) bytes[start + k] = edge[k];
                    break;
                case 4 when bytes.Count > 0:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                default:
                    var cut = other.Length == 0 ? 0 : random.Next(other.Length);
                    bytes.InsertRange(at, other.Skip(cut));
                    break;
            }
        }
        return [.. bytes];
    }
}
