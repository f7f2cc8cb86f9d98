using IIoT.OpcUa.Types;
using static IIoT.OpcUa.Types.Tests.Codec;

namespace IIoT.OpcUa.Types.Tests;

/// <summary>Every strict prefix of a valid encoding must fail with UaDecodingException and nothing else.</summary>
public sealed class TruncationTests
{
    [Fact]
    public void Every_prefix_of_every_sample_Variant_fails_cleanly()
    {
        var checkedPrefixes = 0;
        foreach (var value in Samples.Scalars().Concat(Samples.Arrays()))
        {
            var bytes = Encode(w => w.WriteVariant(value));
            for (var length = 0; length < bytes.Length; length++)
            {
                FailsVariant(bytes[..length]);
                checkedPrefixes++;
            }
        }
        Assert.True(checkedPrefixes > 1000);
    }

    [Fact]
    public void Every_prefix_of_DataValue_DiagnosticInfo_and_ExpandedNodeId_fails_cleanly()
    {
        var dataValue = Encode(w => w.WriteDataValue(new DataValue
        {
            Value = Variant.From("v"), Status = new StatusCode(1u << 31),
            SourceTimestamp = new UaDateTime(5), SourcePicoseconds = 6, ServerTimestamp = new UaDateTime(7), ServerPicoseconds = 8,
        }));
        var diagnostic = Encode(w => w.WriteDiagnosticInfo(new DiagnosticInfo
        {
            SymbolicId = 1, NamespaceUri = 2, Locale = 3, LocalizedText = 4, AdditionalInfo = "a",
            InnerStatusCode = new StatusCode(5), InnerDiagnosticInfo = new DiagnosticInfo { SymbolicId = 6 },
        }));
        var expanded = Encode(w => w.WriteExpandedNodeId(new ExpandedNodeId(new NodeId("s", 0), "urn:x", 9)));
        for (var n = 0; n < dataValue.Length; n++) Fails(dataValue[..n], static (ref UaBinaryReader r) => r.ReadDataValue());
        for (var n = 0; n < diagnostic.Length; n++) Fails(diagnostic[..n], static (ref UaBinaryReader r) => r.ReadDiagnosticInfo());
        for (var n = 0; n < expanded.Length; n++) Fails(expanded[..n], static (ref UaBinaryReader r) => r.ReadExpandedNodeId());
    }

    [Fact]
    public void Random_garbage_never_escapes_as_another_exception()
    {
        var random = new Random(42);
        var buffer = new byte[64];
        for (var i = 0; i < 20_000; i++)
        {
            random.NextBytes(buffer);
            var length = random.Next(buffer.Length);
            try
            {
                var reader = new UaBinaryReader(buffer.AsSpan(0, length));
                reader.ReadVariant();
            }
            catch (UaDecodingException)
            {
            }
        }
    }
}
