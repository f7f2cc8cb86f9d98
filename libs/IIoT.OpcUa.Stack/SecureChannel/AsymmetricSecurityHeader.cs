using System.Buffers.Binary;
using System.Text;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Stack.SecureChannel;

/// <summary>
/// The security header of an OPN chunk (OPC 10000-6 §6.7.2.3):
/// <code>
///  +------------------------+----------------------------+-----------------------------------+
///  | SecurityPolicyUri      | SenderCertificate          | ReceiverCertificateThumbprint     |
///  | Int32 len + UTF-8      | Int32 len + DER (-1 = null)| Int32 len + SHA-1 (-1 = null)     |
///  +------------------------+----------------------------+-----------------------------------+
/// </code>
/// </summary>
public sealed record AsymmetricSecurityHeader(string SecurityPolicyUri, byte[]? SenderCertificate, byte[]? ReceiverCertificateThumbprint)
{
    /// <summary>OPC 10000-6 §6.7.2.3: the URI is at most 255 bytes; we refuse more than 256 (C1).</summary>
    public const int MaxSecurityPolicyUriLength = 256;

    /// <summary>A certificate chain larger than this is refused before anything is allocated.</summary>
    public const int MaxCertificateLength = 32 * 1024;

    /// <summary>SHA-1 thumbprint (OPC 10000-6 §6.7.2.3).</summary>
    public const int ThumbprintLength = 20;

    public static AsymmetricSecurityHeader None { get; } = new(SecurityPolicies.None, null, null);

    public int EncodedLength =>
        12 + Encoding.UTF8.GetByteCount(SecurityPolicyUri) + (SenderCertificate?.Length ?? 0) + (ReceiverCertificateThumbprint?.Length ?? 0);

    public int Encode(Span<byte> destination)
    {
        var offset = WriteBytes(destination, Encoding.UTF8.GetBytes(SecurityPolicyUri));
        offset += WriteBytes(destination[offset..], SenderCertificate);
        offset += WriteBytes(destination[offset..], ReceiverCertificateThumbprint);
        return offset;
    }

    public byte[] ToArray()
    {
        var bytes = new byte[EncodedLength];
        Encode(bytes);
        return bytes;
    }

    /// <summary>Never throws. Every length is checked against its limit and the bytes left before allocating.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> source, out AsymmetricSecurityHeader? header, out int consumed, out uint error)
    {
        header = null;
        consumed = 0;
        if (!TryReadBytes(source, MaxSecurityPolicyUriLength, ref consumed, out var uri, out error))
        {
            return false;
        }

        if (uri is null)
        {
            error = StatusCodes.BadSecurityPolicyRejected;
            return false;
        }

        if (!TryReadBytes(source, MaxCertificateLength, ref consumed, out var certificate, out error)
            || !TryReadBytes(source, ThumbprintLength, ref consumed, out var thumbprint, out error))
        {
            return false;
        }

        string policy;
        try
        {
            policy = new UTF8Encoding(false, true).GetString(uri);
        }
        catch (DecoderFallbackException)
        {
            error = StatusCodes.BadDecodingError;
            return false;
        }

        header = new AsymmetricSecurityHeader(policy, certificate, thumbprint);
        error = 0;
        return true;
    }

    private static int WriteBytes(Span<byte> destination, byte[]? value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(destination, value is null ? -1 : value.Length);
        value?.CopyTo(destination[4..]);
        return 4 + (value?.Length ?? 0);
    }

    private static bool TryReadBytes(ReadOnlySpan<byte> source, int limit, ref int offset, out byte[]? value, out uint error)
    {
        value = null;
        if (source.Length - offset < 4)
        {
            error = StatusCodes.BadDecodingError;
            return false;
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(source[offset..]);
        offset += 4;
        if (length < 0)
        {
            error = 0;
            return true;
        }

        if (length > limit)
        {
            error = limit == MaxSecurityPolicyUriLength ? StatusCodes.BadSecurityPolicyRejected : StatusCodes.BadDecodingError;
            return false;
        }

        if (length > source.Length - offset)
        {
            error = StatusCodes.BadDecodingError;
            return false;
        }

        value = source.Slice(offset, length).ToArray();
        offset += length;
        error = 0;
        return true;
    }
}
