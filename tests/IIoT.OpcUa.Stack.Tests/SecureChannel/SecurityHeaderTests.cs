using System.Buffers.Binary;
using IIoT.OpcUa.Stack.SecureChannel;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Stack.Tests.SecureChannel;

public sealed class SecurityHeaderTests
{
    [Fact]
    public void Asymmetric_header_for_None_round_trips_with_null_certificates()
    {
        var bytes = AsymmetricSecurityHeader.None.ToArray();

        // 4 + 47 bytes of URI, then two null ByteStrings (-1), as in PROTOCOL-NOTES §3.
        Assert.Equal(4 + 47 + 8, bytes.Length);
        Assert.Equal(-1, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(51)));
        Assert.Equal(-1, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(55)));
        Assert.True(AsymmetricSecurityHeader.TryDecode(bytes, out var header, out var consumed, out _));
        Assert.Equal(bytes.Length, consumed);
        Assert.Equal(SecurityPolicies.None, header!.SecurityPolicyUri);
        Assert.Null(header.SenderCertificate);
        Assert.Null(header.ReceiverCertificateThumbprint);
    }

    [Fact]
    public void C1_policy_uri_over_256_bytes_is_refused_before_reading_it()
    {
        var bytes = new byte[12];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, 257);

        Assert.False(AsymmetricSecurityHeader.TryDecode(bytes, out _, out _, out var error));
        Assert.Equal(StatusCodes.BadSecurityPolicyRejected, error);
    }

    [Fact]
    public void Asymmetric_header_with_a_certificate_length_past_the_end_fails()
    {
        var uri = new AsymmetricSecurityHeader("u", null, null).ToArray();
        BinaryPrimitives.WriteInt32LittleEndian(uri.AsSpan(5), 1000);

        Assert.False(AsymmetricSecurityHeader.TryDecode(uri, out _, out _, out var error));
        Assert.Equal(StatusCodes.BadDecodingError, error);
    }

    [Fact]
    public void Asymmetric_header_with_a_null_policy_uri_is_refused()
    {
        var bytes = new byte[12];
        bytes.AsSpan().Fill(0xFF);

        Assert.False(AsymmetricSecurityHeader.TryDecode(bytes, out _, out _, out var error));
        Assert.Equal(StatusCodes.BadSecurityPolicyRejected, error);
    }

    [Fact]
    public void Symmetric_and_sequence_headers_round_trip_and_refuse_short_input()
    {
        var bytes = new byte[12];
        new SymmetricSecurityHeader(0x01020304).Encode(bytes);
        new SequenceHeader(51, 9).Encode(bytes.AsSpan(4));

        Assert.True(SymmetricSecurityHeader.TryDecode(bytes, out var symmetric, out _));
        Assert.Equal(0x01020304u, symmetric.TokenId);
        Assert.True(SequenceHeader.TryDecode(bytes.AsSpan(4), out var sequence, out _));
        Assert.Equal(new SequenceHeader(51, 9), sequence);
        Assert.False(SymmetricSecurityHeader.TryDecode(bytes.AsSpan(0, 3), out _, out _));
        Assert.False(SequenceHeader.TryDecode(bytes.AsSpan(0, 7), out _, out var error));
        Assert.Equal(StatusCodes.BadDecodingError, error);
    }

    [Theory]
    [InlineData(1u, 2u, true)]
    [InlineData(5u, 5u, false)]
    [InlineData(5u, 4u, false)]
    [InlineData(5u, 7u, false)]
    [InlineData(uint.MaxValue - 10, 3u, true)]
    [InlineData(uint.MaxValue, 0u, true)]
    [InlineData(100u, 3u, false)]
    [InlineData(uint.MaxValue - 10, 2000u, false)]
    public void UA_D13_sequence_numbers_must_follow_by_one_or_wrap_late(uint last, uint next, bool valid) =>
        Assert.Equal(valid, SequenceHeader.Follows(last, next));
}
