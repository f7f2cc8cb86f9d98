using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Stack.Transport;

/// <summary>Shared first step of every UACP decoder: a valid header of the expected type whose size is the frame.</summary>
internal static class UacpFrame
{
    public static bool TryOpen(ReadOnlySpan<byte> frame, MessageType expected, out UacpReader body, out uint error)
    {
        body = default;
        if (!MessageHeader.TryParse(frame, uint.MaxValue, out var header, out error))
        {
            return false;
        }

        if (header.Type != expected)
        {
            error = StatusCodes.BadTcpMessageTypeInvalid;
            return false;
        }

        // The frame must be exactly what the header announces: a shorter span is a truncated read.
        if (header.MessageSize != (uint)frame.Length)
        {
            error = StatusCodes.BadDecodingError;
            return false;
        }

        body = new UacpReader(frame[MessageHeader.Length..]);
        return true;
    }

    /// <summary>Trailing bytes after the last field are refused so decode -> encode is byte-identical.</summary>
    public static bool Finish(in UacpReader body, out uint error)
    {
        error = body.Remaining == 0 ? 0 : StatusCodes.BadDecodingError;
        return error == 0;
    }
}
