using System.Diagnostics;
using IIoT.OpcUa.Types;
using static IIoT.OpcUa.Types.Tests.Codec;

namespace IIoT.OpcUa.Types.Tests;

/// <summary>RELIABILITY B5 UA-D01/D02: lengths from the wire are checked before anything is allocated.</summary>
public sealed class DecoderLengthTests
{
    private static readonly EncodingLimits NoArrayCeiling = EncodingLimits.Default with { MaxArrayLength = int.MaxValue };

    [Theory]
    [InlineData(0x86)] // Int32[]
    [InlineData(0x81)] // Boolean[]
    [InlineData(0x98)] // Variant[]
    [InlineData(0x8C)] // String[]
    public void UA_D01_huge_array_length_behind_8_bytes_fails_instantly(int mask)
    {
        var bytes = Concat([(byte)mask], Int32Le(0x7FFFFFFE), new byte[8]);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        var limitError = FailsVariant(bytes);
        var boundsError = FailsVariant(bytes, NoArrayCeiling);
        watch.Stop();
        Assert.Equal(StatusCodes.BadEncodingLimitsExceeded, limitError.StatusCode.Code);
        // Even with no array ceiling, the remaining bytes refuse the count before any array exists.
        Assert.Equal(StatusCodes.BadDecodingError, boundsError.StatusCode.Code);
        Assert.Contains("Variant", boundsError.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocatedBefore < 100_000, "no array may be allocated");
        Assert.True(watch.ElapsedMilliseconds < 1_000);
    }

    [Fact]
    public void UA_D01_minus_one_is_a_null_array_and_minus_two_is_rejected()
    {
        var nullArray = DecodeVariant(Concat([0x86], Int32Le(-1)));
        Assert.True(nullArray.IsArray);
        Assert.Null(nullArray.Value);
        Assert.Equal(StatusCodes.BadDecodingError, FailsVariant(Concat([0x86], Int32Le(-2))).StatusCode.Code);
        Assert.Equal(StatusCodes.BadDecodingError, FailsVariant(Concat([0x86], Int32Le(int.MinValue))).StatusCode.Code);
    }

    [Fact]
    public void UA_D01_length_between_remaining_bytes_and_ceiling_is_rejected()
    {
        // 3 Int32 elements need 12 bytes; 8 remain. The count is far below MaxArrayLength.
        var error = FailsVariant(Concat([0x86], Int32Le(3), new byte[8]));
        Assert.Equal(StatusCodes.BadDecodingError, error.StatusCode.Code);
        var exact = DecodeVariant(Concat([0x86], Int32Le(2), new byte[8]));
        Assert.Equal(2, ((int[])exact.Value!).Length);
    }

    [Fact]
    public void UA_D01_ReadArray_checks_before_allocating()
    {
        var bytes = Concat(Int32Le(0x7FFFFFFE), new byte[8]);
        var error = Fails(bytes, static (ref UaBinaryReader r) => r.ReadArray("Values", 8, static (ref UaBinaryReader x) => x.ReadInt64()), NoArrayCeiling);
        Assert.Equal(StatusCodes.BadDecodingError, error.StatusCode.Code);
        Assert.Contains("Values", error.Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void UA_D02_string_or_bytestring_longer_than_the_remaining_bytes_is_a_decoding_error(bool byteString)
    {
        foreach (var length in new[] { 9, 1000, 65_535, int.MaxValue })
        {
            var bytes = Concat(Int32Le(length), new byte[8]);
            var error = byteString
                ? Fails(bytes, static (ref UaBinaryReader r) => r.ReadByteString("Payload"), EncodingLimits.Default with { MaxStringLength = int.MaxValue, MaxByteStringLength = int.MaxValue })
                : Fails(bytes, static (ref UaBinaryReader r) => r.ReadString("Payload"), EncodingLimits.Default with { MaxStringLength = int.MaxValue, MaxByteStringLength = int.MaxValue });
            Assert.Equal(StatusCodes.BadDecodingError, error.StatusCode.Code);
            Assert.Contains("Payload", error.Message);
        }
    }

    [Fact]
    public void UA_D02_string_over_the_ceiling_is_limits_exceeded_even_when_the_bytes_are_there()
    {
        var limits = EncodingLimits.Default with { MaxStringLength = 10, MaxByteStringLength = 10 };
        var bytes = Concat(Int32Le(11), new byte[11]);
        Assert.Equal(StatusCodes.BadEncodingLimitsExceeded, Fails(bytes, static (ref UaBinaryReader r) => r.ReadString(), limits).StatusCode.Code);
        Assert.Equal(StatusCodes.BadEncodingLimitsExceeded, Fails(bytes, static (ref UaBinaryReader r) => r.ReadByteString(), limits).StatusCode.Code);
        Assert.Equal(10, Decode(Concat(Int32Le(10), new byte[10]), static (ref UaBinaryReader r) => r.ReadString(), limits)!.Length);
        Assert.Equal(StatusCodes.BadDecodingError, Fails(Int32Le(-2), static (ref UaBinaryReader r) => r.ReadString()).StatusCode.Code);
    }

    [Fact]
    public void Message_larger_than_MaxMessageSize_is_refused()
    {
        var limits = EncodingLimits.Default with { MaxMessageSize = 16 };
        var error = Assert.Throws<UaDecodingException>(() => new UaBinaryReader(new byte[17], limits).ReadByte());
        Assert.Equal(StatusCodes.BadEncodingLimitsExceeded, error.StatusCode.Code);
    }

    [Fact]
    public void Defaults_match_the_RELIABILITY_C1_proposal()
    {
        var limits = EncodingLimits.Default;
        Assert.Equal((65_535, 1 << 20, 65_535, 100, 10, 4 << 20),
            (limits.MaxStringLength, limits.MaxByteStringLength, limits.MaxArrayLength, limits.MaxNestingDepth, limits.MaxDiagnosticInfoDepth, limits.MaxMessageSize));
    }
}
