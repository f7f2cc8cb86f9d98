using System.Buffers;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Stack.Services;

/// <summary>
/// Wraps generated structures into <see cref="ExtensionObject"/>s and back: filters, identity tokens, notification
/// data and the like travel that way (OPC 10000-6 §5.2.2.15). Decoding goes on from the depth of the reader that
/// held the ExtensionObject, so nesting through bodies shares one budget (UA-D04).
/// </summary>
public static class ExtensionObjects
{
    /// <summary>Encodes <paramref name="value"/> with its DefaultBinary encoding id; null gives <see cref="ExtensionObject.Null"/>.</summary>
    public static ExtensionObject Wrap(IEncodeable? value)
    {
        if (value is null) return ExtensionObject.Null;
        if (value.BinaryEncodingId == 0)
            throw new ArgumentException($"{value.GetType().Name} has no binary encoding id.", nameof(value));
        var buffer = new ArrayBufferWriter<byte>(64);
        value.Encode(new UaBinaryWriter(buffer));
        return new ExtensionObject(new NodeId(value.BinaryEncodingId), ExtensionObjectEncoding.Binary, buffer.WrittenSpan);
    }

    /// <summary>True when <paramref name="value"/> holds a binary body whose encoding id is <paramref name="binaryEncodingId"/>.</summary>
    public static bool HasType(ExtensionObject? value, uint binaryEncodingId) =>
        value is { Encoding: ExtensionObjectEncoding.Binary } && value.TypeId.NamespaceIndex == 0
        && value.TypeId.IdType == NodeIdType.Numeric && value.TypeId.NumericId == binaryEncodingId;

    /// <summary>
    /// Decodes the body as <typeparamref name="T"/> when its type id is <paramref name="binaryEncodingId"/> and the body
    /// is read to its last byte; false otherwise (another type, XML, null, or bad data). Never throws on wire data.
    /// </summary>
    public static bool TryUnwrap<T>(ExtensionObject? value, uint binaryEncodingId, out T? result, EncodingLimits? limits = null, int depth = 0)
        where T : class, IEncodeable<T>
    {
        result = null;
        if (!HasType(value, binaryEncodingId)) return false;
        try
        {
            var reader = new UaBinaryReader(value!.Body, limits, depth);
            result = T.Decode(ref reader);
            if (reader.Remaining != 0)
            {
                result = null;
                return false;
            }
            return true;
        }
        catch (UaDecodingException)
        {
            return false;
        }
    }
}
