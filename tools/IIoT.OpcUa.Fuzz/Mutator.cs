using System.Buffers.Binary;

namespace IIoT.OpcUa.Fuzz;

/// <summary>
/// The uninstrumented mutator of smoke mode: bit flips, byte inserts/deletes, Int32/UInt16 fields set to edge
/// values (lengths, counts, sizes), truncation, duplicated runs and splices with another corpus entry. Seeded, so a
/// smoke run is reproducible from (target, seed, iteration).
/// </summary>
internal sealed class Mutator(int seed)
{
    private static readonly uint[] Edge32 = [0, 1, 2, 0x7F, 0x80, 0xFF, 0x100, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFE, 0xFFFFFFFF];
    private static readonly ushort[] Edge16 = [0, 1, 0xFF, 0x100, 0x7FFF, 0xFFFF];

    private readonly Random _random = new(seed);

    public const int MaxLength = 64 * 1024;

    public byte[] Mutate(IReadOnlyList<byte[]> corpus)
    {
        var bytes = new List<byte>(corpus[_random.Next(corpus.Count)]);
        var rounds = 1 + _random.Next(_random.Next(2) == 0 ? 2 : 8);
        for (var i = 0; i < rounds; i++) MutateOnce(bytes, corpus);
        if (bytes.Count > MaxLength) bytes.RemoveRange(MaxLength, bytes.Count - MaxLength);
        return [.. bytes];
    }

    private void MutateOnce(List<byte> bytes, IReadOnlyList<byte[]> corpus)
    {
        var at = bytes.Count == 0 ? 0 : _random.Next(bytes.Count);
        switch (_random.Next(9))
        {
            case 0 when bytes.Count > 0:
                bytes[at] ^= (byte)(1 << _random.Next(8));
                break;
            case 1 when bytes.Count > 0:
                bytes[at] = (byte)_random.Next(256);
                break;
            case 2:
                bytes.Insert(at, (byte)_random.Next(256));
                break;
            case 3 when bytes.Count > 0:
                bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + _random.Next(8)));
                break;
            case 4 when bytes.Count >= 4:
                Write(bytes, _random.Next(bytes.Count - 3), BitConverterLe(Edge32[_random.Next(Edge32.Length)]));
                break;
            case 5 when bytes.Count >= 2:
                var edge = new byte[2];
                BinaryPrimitives.WriteUInt16LittleEndian(edge, Edge16[_random.Next(Edge16.Length)]);
                Write(bytes, _random.Next(bytes.Count - 1), edge);
                break;
            case 6 when bytes.Count > 0:
                bytes.RemoveRange(at, bytes.Count - at);
                break;
            case 7 when bytes.Count > 0:
                var length = Math.Min(bytes.Count - at, 1 + _random.Next(16));
                bytes.InsertRange(at, bytes.GetRange(at, length));
                break;
            default:
                var other = corpus[_random.Next(corpus.Count)];
                var start = other.Length == 0 ? 0 : _random.Next(other.Length);
                var count = other.Length - start == 0 ? 0 : 1 + _random.Next(other.Length - start);
                bytes.InsertRange(at, other.AsSpan(start, count).ToArray());
                break;
        }
    }

    private static byte[] BitConverterLe(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }

    private static void Write(List<byte> bytes, int at, byte[] value)
    {
        for (var i = 0; i < value.Length; i++) bytes[at + i] = value[i];
    }
}
