using System.Buffers;
using System.Reflection;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Fuzz;

/// <summary>encoding id -> T.Decode over every generated <see cref="IEncodeable{TSelf}"/>; reflection once at startup.</summary>
internal static class Encodeables
{
    private static readonly Lazy<IReadOnlyDictionary<uint, (Type Type, BodyDecoder Decode)>> Table = new(Build);

    public static IReadOnlyDictionary<uint, (Type Type, BodyDecoder Decode)> ByEncodingId => Table.Value;

    public static byte[] Encode(IEncodeable value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        value.Encode(new UaBinaryWriter(buffer));
        return buffer.WrittenSpan.ToArray();
    }

    private static IReadOnlyDictionary<uint, (Type, BodyDecoder)> Build()
    {
        var table = new Dictionary<uint, (Type, BodyDecoder)>();
        var open = typeof(Encodeables).GetMethod(nameof(DecodeWhole), BindingFlags.NonPublic | BindingFlags.Static)!;
        foreach (var type in typeof(IEncodeable).Assembly.GetTypes())
        {
            var self = type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEncodeable<>) && i.GenericTypeArguments[0] == type);
            if (!self || !type.IsClass || type.IsAbstract) continue;
            var id = (uint)type.GetField("BinaryEncodingId", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
            if (id != 0) table[id] = (type, open.MakeGenericMethod(type).CreateDelegate<BodyDecoder>());
        }
        return table;
    }

    private static IEncodeable DecodeWhole<T>(ReadOnlySpan<byte> body)
        where T : IEncodeable<T>
    {
        var reader = new UaBinaryReader(body);
        var value = T.Decode(ref reader);
        reader.EnsureEnd(typeof(T).Name);
        return value;
    }
}
