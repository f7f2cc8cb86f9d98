using System.Reflection;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Types.Tests.Generated;

public sealed class StatusCodesTests
{
    // Values checked against the specification's StatusCode.csv.
    [Theory]
    [InlineData(StatusCodes.Good, 0x00000000u)]
    [InlineData(StatusCodes.Uncertain, 0x40000000u)]
    [InlineData(StatusCodes.Bad, 0x80000000u)]
    [InlineData(StatusCodes.BadDecodingError, 0x80070000u)]
    [InlineData(StatusCodes.BadEncodingLimitsExceeded, 0x80080000u)]
    [InlineData(StatusCodes.BadTimeout, 0x800A0000u)]
    [InlineData(StatusCodes.BadNodeIdUnknown, 0x80340000u)]
    [InlineData(StatusCodes.BadTcpMessageTooLarge, 0x80800000u)]
    [InlineData(StatusCodes.BadTcpEndpointUrlInvalid, 0x80830000u)]
    [InlineData(StatusCodes.UncertainLastUsableValue, 0x40900000u)]
    public void Known_codes_have_the_specification_values(uint actual, uint expected) => Assert.Equal(expected, actual);

    [Fact]
    public void Name_of_every_generated_code_is_its_constant_name()
    {
        var constants = typeof(StatusCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(uint))
            .ToList();

        Assert.True(constants.Count > 200, $"only {constants.Count} status codes generated");
        Assert.All(constants, f => Assert.Equal(f.Name, StatusCodes.Name((uint)f.GetRawConstantValue()!)));
    }

    [Fact]
    public void Name_ignores_the_low_16_info_bits()
    {
        // 0x0400 = StructureChanged info bit, 0x0080 = overflow: they qualify a code, they do not change it.
        Assert.Equal("BadDecodingError", StatusCodes.Name(StatusCodes.BadDecodingError | 0x0400));
        Assert.Equal("Good", StatusCodes.Name(0x0000FFFF));
        Assert.Equal("UncertainLastUsableValue", StatusCodes.Name(StatusCodes.UncertainLastUsableValue | 0x0080));
    }

    [Fact]
    public void Name_of_an_unknown_code_is_its_hex_value()
    {
        Assert.Equal("0x80FF0000", StatusCodes.Name(0x80FF0000));
        Assert.Equal("0xBFFF0012", StatusCodes.Name(0xBFFF0012));
    }

    [Theory]
    [InlineData(StatusCodes.Good, true, false, false)]
    [InlineData(StatusCodes.GoodOverload, true, false, false)]
    [InlineData(StatusCodes.Uncertain, false, true, false)]
    [InlineData(StatusCodes.UncertainLastUsableValue | 0x0400, false, true, false)]
    [InlineData(StatusCodes.Bad, false, false, true)]
    [InlineData(StatusCodes.BadTcpMessageTooLarge, false, false, true)]
    [InlineData(0xC0000000u, false, false, true)] // reserved severity 11 counts as Bad
    public void Severity_comes_from_the_top_two_bits(uint code, bool good, bool uncertain, bool bad)
    {
        Assert.Equal(good, StatusCodes.IsGood(code));
        Assert.Equal(uncertain, StatusCodes.IsUncertain(code));
        Assert.Equal(bad, StatusCodes.IsBad(code));
    }
}
