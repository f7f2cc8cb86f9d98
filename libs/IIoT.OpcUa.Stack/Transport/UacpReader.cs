using System.Buffers.Binary;
using System.Text;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Stack.Transport;

/// <summary>
/// Reads the two field types UACP needs (UInt32 and String, OPC 10000-6 §5.2.2.4) from a span.
/// Every length is checked against the ceiling and the bytes remaining before anything is allocated.
/// </summary>
internal ref struct UacpReader(ReadOnlySpan<byte> source)
{
    private ReadOnlySpan<byte> _rest = source;

    public readonly int Remaining => _rest.Length;

    public bool TryReadUInt32(out uint value)
    {
        if (_rest.Length < 4)
        {
            value = 0;
            return false;
        }

        value = BinaryPrimitives.ReadUInt32LittleEndian(_rest);
        _rest = _rest[4..];
        return true;
    }

    /// <summary>
    /// String: Int32 byte length, -1 = null, then UTF-8 (OPC 10000-6 §5.2.2.4). Fails with
    /// <paramref name="tooLongError"/> past <paramref name="maxBytes"/>, and with BadDecodingError when the
    /// length is below -1, runs past the end, or the bytes are not valid UTF-8.
    /// </summary>
    public bool TryReadString(int maxBytes, uint tooLongError, out string? value, out uint error)
    {
        value = null;
        error = StatusCodes.BadDecodingError;
        if (_rest.Length < 4)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(_rest);
        _rest = _rest[4..];
        if (length == -1)
        {
            error = 0;
            return true;
        }

        if (length < -1)
        {
            return false;
        }

        if (length > maxBytes)
        {
            error = tooLongError;
            return false;
        }

        if (length > _rest.Length)
        {
            return false;
        }

        try
        {
            value = StrictUtf8.GetString(_rest[..length]);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        _rest = _rest[length..];
        error = 0;
        return true;
    }

    // Throwing on invalid UTF-8 keeps decode -> encode -> decode stable (no silent U+FFFD replacement).
    internal static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
