using System.Buffers;
using Google.Protobuf;
using IIoT.Contracts.V1;

namespace IIoT.Contracts;

/// <summary>
/// Builds a <see cref="Batch"/> on the wire from records that were framed once, when they entered the
/// gateway's buffer. A protobuf repeated field is the concatenation of its tagged elements, so a batch is
/// its header fields followed by the stored records verbatim: nothing is decoded or re-encoded on the way out.
/// </summary>
public static class BatchFraming
{
    // Field tags: (field number << 3) | wire type 2 (length-delimited).
    private const byte PointsTag = (Batch.PointsFieldNumber << 3) | 2;
    private const byte LossesTag = (Batch.LossesFieldNumber << 3) | 2;

    /// <summary>A point as one element of Batch.points.</summary>
    public static byte[] Frame(Point point) => Frame(PointsTag, point);

    /// <summary>A loss record as one element of Batch.losses.</summary>
    public static byte[] Frame(LossRecord loss) => Frame(LossesTag, loss);

    /// <summary>True when a framed record holds a point (false: a loss record).</summary>
    public static bool IsPoint(ReadOnlySpan<byte> framed) => framed.Length > 0 && framed[0] == PointsTag;

    /// <summary>Decodes one framed record back into the message it holds.</summary>
    public static IMessage Unframe(ReadOnlySpan<byte> framed)
    {
        var input = new CodedInputStream(framed.ToArray());
        var tag = input.ReadTag();
        IMessage message = tag == PointsTag ? new Point() : tag == LossesTag ? new LossRecord()
            : throw new InvalidDataException($"Not a framed batch record (tag {tag}).");
        input.ReadMessage(message);
        return message;
    }

    /// <summary>Writes the batch header; the framed records follow it unchanged.</summary>
    public static void WriteHeader(IBufferWriter<byte> output, string gatewayId, ulong sequence, long sentTimeNs)
    {
        var header = new Batch { GatewayId = gatewayId, Sequence = sequence, SentTimeNs = sentTimeNs };
        var size = header.CalculateSize();
        header.WriteTo(output.GetSpan(size)[..size]);
        output.Advance(size);
    }

    private static byte[] Frame(byte tag, IMessage message)
    {
        var size = message.CalculateSize();
        var result = new byte[1 + CodedOutputStream.ComputeLengthSize(size) + size];
        var output = new CodedOutputStream(result);
        output.WriteRawTag(tag);
        output.WriteLength(size);
        message.WriteTo(output);
        output.Flush();
        return result;
    }
}
