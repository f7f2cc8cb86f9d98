using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Stack.Transport;

/// <summary>
/// ERR, sent before closing the socket (OPC 10000-6 §7.1.2.5). The same body (Error + Reason) follows the
/// headers of an abort chunk (§6.7.3):
/// <code>
///  +--------+------------+------------------+
///  | header | Error u32  | Reason String    |
///  |   8    | StatusCode | i32 len + UTF-8  |
///  +--------+------------+------------------+
/// </code>
/// </summary>
public sealed record ErrorMessage(uint Error, string? Reason)
{
    public int EncodedLength => UacpLimits.HeaderLength + 4 + UacpWriter.StringSize(Reason);

    public void Encode(IBufferWriter<byte> output)
    {
        UacpWriter.CheckLength(Reason, UacpLimits.MaxReasonLength, nameof(Reason));
        var length = EncodedLength;
        var span = UacpWriter.BeginFrame(output, MessageType.Error, length);
        span = UacpWriter.WriteUInt32(span, Error);
        UacpWriter.WriteString(span, Reason);
        output.Advance(length);
    }

    /// <summary>Decodes one whole ERR frame; a reason over 4096 bytes is refused (UA-D12). Never throws.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> frame, [NotNullWhen(true)] out ErrorMessage? message, out uint error)
    {
        message = null;
        if (!UacpFrame.TryOpen(frame, MessageType.Error, out var body, out error))
        {
            return false;
        }

        if (!TryReadBody(ref body, out message, out error))
        {
            return false;
        }

        if (!UacpFrame.Finish(body, out error))
        {
            message = null;
            return false;
        }

        return true;
    }

    /// <summary>Error + Reason, as in ERR and in the body of an abort chunk.</summary>
    internal static bool TryReadBody(ref UacpReader body, [NotNullWhen(true)] out ErrorMessage? message, out uint error)
    {
        message = null;
        if (!body.TryReadUInt32(out var code))
        {
            error = StatusCodes.BadDecodingError;
            return false;
        }

        if (!body.TryReadString(UacpLimits.MaxReasonLength, StatusCodes.BadDecodingError, out var reason, out error))
        {
            return false;
        }

        message = new ErrorMessage(code, reason);
        return true;
    }
}
