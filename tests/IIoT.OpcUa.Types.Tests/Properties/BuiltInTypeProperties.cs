using FsCheck;
using FsCheck.Fluent;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Types.Tests.Properties;

/// <summary>
/// Properties over every built-in type (OPC 10000-6 §5.2.2): decode(encode(x)) == x, encode(decode(encode(x)))
/// is byte-identical, and decoding any bytes either succeeds or throws <see cref="UaDecodingException"/>.
/// FsCheck's seed is random per run; a failure prints the seed to replay it.
/// </summary>
public sealed class BuiltInTypeProperties
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(300);

    public static TheoryData<string> Types() => [.. BuiltInCodec.All.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Types))]
    public void Decode_of_encode_is_the_original_value(string type)
    {
        var codec = BuiltInCodec.Named(type);
        Check.One(Quick, Prop.ForAll(codec.Gen.ToArbitrary(), value =>
        {
            var decoded = codec.Decode(codec.Encode(value));
            return SameValue(value, decoded).Label($"{type}: {Show(value)} decoded as {Show(decoded)}");
        }));
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void Encoding_is_byte_stable_through_a_decode(string type)
    {
        var codec = BuiltInCodec.Named(type);
        Check.One(Quick, Prop.ForAll(codec.Gen.ToArbitrary(), value =>
        {
            var first = codec.Encode(value);
            var second = codec.Encode(codec.Decode(first));
            return first.AsSpan().SequenceEqual(second).Label($"{type}: {Convert.ToHexString(first)} re-encoded as {Convert.ToHexString(second)}");
        }));
    }

    /// <summary>
    /// UA-D01..D08 in one property: whatever the bytes, the reader throws UaDecodingException or returns a value,
    /// and a returned value then encodes and decodes to itself (decode -> encode -> decode is stable).
    /// </summary>
    [Theory]
    [MemberData(nameof(Types))]
    public void Decoding_arbitrary_bytes_fails_only_with_UaDecodingException(string type)
    {
        var codec = BuiltInCodec.Named(type);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1000), Prop.ForAll(ByteMutations.For(codec).ToArbitrary(), bytes =>
        {
            object? decoded;
            try
            {
                decoded = codec.Decode(bytes);
            }
            catch (UaDecodingException)
            {
                return true.Label("refused");
            }
            // Anything else escapes here and fails the property with the input shown.
            var again = codec.Encode(decoded);
            var redecoded = codec.Decode(again);
            return (SameValue(KnownIssues.Normalize(decoded), redecoded) && codec.Encode(redecoded).AsSpan().SequenceEqual(again))
                .Label($"{type}: {Convert.ToHexString(bytes)} decoded to {Show(decoded)} but re-decoded as {Show(redecoded)}");
        }));
    }

    /// <summary>Float and Double compare by bits except NaN, which the writer sends as one canonical NaN (§5.2.2.3).</summary>
    internal static bool SameValue(object? a, object? b) => (a, b) switch
    {
        (double x, double y) => double.IsNaN(x) ? double.IsNaN(y) : BitConverter.DoubleToInt64Bits(x) == BitConverter.DoubleToInt64Bits(y),
        (float x, float y) => float.IsNaN(x) ? float.IsNaN(y) : BitConverter.SingleToInt32Bits(x) == BitConverter.SingleToInt32Bits(y),
        (byte[] x, byte[] y) => x.AsSpan().SequenceEqual(y),
        _ => Equals(a, b),
    };

    internal static string Show(object? value) => value switch
    {
        null => "null",
        byte[] bytes => Convert.ToHexString(bytes),
        double d => $"{d} (0x{BitConverter.DoubleToInt64Bits(d):X16})",
        float f => $"{f} (0x{BitConverter.SingleToInt32Bits(f):X8})",
        _ => value.ToString() ?? "",
    };
}
