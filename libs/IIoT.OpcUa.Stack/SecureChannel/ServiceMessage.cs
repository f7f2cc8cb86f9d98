using System.Buffers;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Stack.SecureChannel;

/// <summary>
/// A service message body (OPC 10000-6 §7.1.4.1): <c>| encoding NodeId | structure fields |</c>.
/// <see cref="Body"/> holds the fields only, after the encoding id.
/// </summary>
public readonly record struct ServiceMessage(uint EncodingId, ReadOnlyMemory<byte> Body)
{
    public static byte[] Encode(IEncodeable message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var buffer = new ArrayBufferWriter<byte>(256);
        var writer = new UaBinaryWriter(buffer);
        writer.WriteNodeId(new NodeId(message.BinaryEncodingId));
        message.Encode(writer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads the encoding id; only numeric namespace-0 ids name a service. Never throws.</summary>
    public static bool TryDecode(ReadOnlyMemory<byte> source, out ServiceMessage message, out uint error)
    {
        message = default;
        try
        {
            var reader = new UaBinaryReader(source.Span);
            var id = reader.ReadNodeId("TypeId");
            if (id.NamespaceIndex != 0 || id.IdType != NodeIdType.Numeric)
            {
                error = StatusCodes.BadDecodingError;
                return false;
            }

            message = new ServiceMessage(id.NumericId, source[reader.Position..]);
            error = 0;
            return true;
        }
        catch (UaDecodingException)
        {
            error = StatusCodes.BadDecodingError;
            return false;
        }
    }

    /// <summary>Decodes the body as <typeparamref name="T"/>; throws <see cref="UaDecodingException"/> on bad data.</summary>
    public T Decode<T>()
        where T : IEncodeable<T>
    {
        var reader = new UaBinaryReader(Body.Span);
        return T.Decode(ref reader);
    }
}
