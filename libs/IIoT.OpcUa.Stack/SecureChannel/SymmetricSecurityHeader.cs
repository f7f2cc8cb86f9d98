using System.Buffers.Binary;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Stack.SecureChannel;

/// <summary>The security header of MSG and CLO chunks (OPC 10000-6 §6.7.2.4): <c>| TokenId u32 |</c>.</summary>
public readonly record struct SymmetricSecurityHeader(uint TokenId)
{
    public const int Length = 4;

    public void Encode(Span<byte> destination) => BinaryPrimitives.WriteUInt32LittleEndian(destination, TokenId);

    public static bool TryDecode(ReadOnlySpan<byte> source, out SymmetricSecurityHeader header, out uint error)
    {
        if (source.Length < Length)
        {
            header = default;
            error = StatusCodes.BadDecodingError;
            return false;
        }

        header = new SymmetricSecurityHeader(BinaryPrimitives.ReadUInt32LittleEndian(source));
        error = 0;
        return true;
    }
}
