using System.Buffers.Binary;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Stack.SecureChannel;

/// <summary>
/// The sequence header after the security header of every chunk (OPC 10000-6 §6.7.2.5):
/// <code>| SequenceNumber u32 | RequestId u32 |</code>
/// </summary>
public readonly record struct SequenceHeader(uint SequenceNumber, uint RequestId)
{
    public const int Length = 8;

    /// <summary>OPC 10000-6 §6.7.2.5: a sequence number may wrap only after UInt32.MaxValue - 1024 ...</summary>
    public const uint WrapThreshold = uint.MaxValue - 1024;

    /// <summary>... and the first number after the wrap is below 1024.</summary>
    public const uint MaxFirstAfterWrap = 1024;

    public void Encode(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, SequenceNumber);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], RequestId);
    }

    public static bool TryDecode(ReadOnlySpan<byte> source, out SequenceHeader header, out uint error)
    {
        if (source.Length < Length)
        {
            header = default;
            error = StatusCodes.BadDecodingError;
            return false;
        }

        header = new SequenceHeader(BinaryPrimitives.ReadUInt32LittleEndian(source), BinaryPrimitives.ReadUInt32LittleEndian(source[4..]));
        error = 0;
        return true;
    }

    /// <summary>True when <paramref name="next"/> is exactly the number after <paramref name="last"/> (or a legal wrap).</summary>
    public static bool Follows(uint last, uint next) =>
        last >= WrapThreshold ? next == last + 1 || next < MaxFirstAfterWrap : next == last + 1;
}
