using IIoT.OpcUa.Types.Structures;
using System.Buffers;
using IIoT.OpcUa.Stack.SecureChannel;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Fuzz;

/// <summary>
/// Decoder targets. Property beyond "only UaDecodingException": whatever decodes must re-encode, and decoding that
/// encoding must give the same bytes again (decode -> encode -> decode -> encode is a fixed point). Byte equality is
/// used rather than value equality so that a decoder normalisation (e.g. known issue 1, the ExpandedNodeId index next
/// to a URI) does not hide behind Equals, while a value that encodes differently each time still fails.
/// </summary>
internal static class CodecTargets
{
    private delegate object? Read(ref UaBinaryReader reader);

    public static FuzzTarget Variant { get; } = new("variant", "UaBinaryReader.ReadVariant (scalars, arrays, matrices, nesting)",
        input => RoundTrip("Variant", input.Span, static (ref UaBinaryReader r) => r.ReadVariant(), static (w, v) => w.WriteVariant((Variant)v!)));

    public static FuzzTarget DataValue { get; } = new("datavalue", "UaBinaryReader.ReadDataValue (every mask bit, picoseconds)",
        input => RoundTrip("DataValue", input.Span, static (ref UaBinaryReader r) => r.ReadDataValue(), static (w, v) => w.WriteDataValue((DataValue)v!)));

    /// <summary>The same bytes as an ExtensionObject (its body decoded by encoding id when known) and as a DiagnosticInfo.</summary>
    public static FuzzTarget ExtensionObjectAndDiagnosticInfo { get; } = new("extobj-diag", "ReadExtensionObject (+ body by encoding id) and ReadDiagnosticInfo",
        input =>
        {
            try
            {
                var eo = (ExtensionObject)RoundTrip("ExtensionObject", input.Span, static (ref UaBinaryReader r) => r.ReadExtensionObject(),
                    static (w, v) => w.WriteExtensionObject((ExtensionObject)v!))!;
                if (eo.Encoding == ExtensionObjectEncoding.Binary && eo.TypeId is { NamespaceIndex: 0, IdType: NodeIdType.Numeric })
                {
                    Structure(eo.TypeId.NumericId, eo.Body);
                }
            }
            catch (UaDecodingException)
            {
                // Refused as an ExtensionObject; still try the DiagnosticInfo reading below.
            }
            RoundTrip("DiagnosticInfo", input.Span, static (ref UaBinaryReader r) => r.ReadDiagnosticInfo(),
                static (w, v) => w.WriteDiagnosticInfo((DiagnosticInfo)v!));
        });

    /// <summary>A service message body: encoding NodeId, then the fields of whichever generated type it names.</summary>
    public static FuzzTarget Service { get; } = new("service", "ServiceMessage.TryDecode + T.Decode for every generated IEncodeable by encoding id",
        input =>
        {
            if (ServiceMessage.TryDecode(input, out var message, out _)) Structure(message.EncodingId, message.Body.Span);
        });

    /// <summary>Decodes a structure body by encoding id and checks the re-encoding is a fixed point.</summary>
    public static void Structure(uint encodingId, ReadOnlySpan<byte> body)
    {
        if (!EncodeableTypes.ByBinaryEncodingId.TryGetValue(encodingId, out var entry)) return;
        var first = EncodeableTypes.Encode(entry.DecodeWhole(body));
        byte[] second;
        try
        {
            second = EncodeableTypes.Encode(entry.DecodeWhole(first));
        }
        catch (UaDecodingException e)
        {
            throw new FuzzFailure($"{entry.Type.Name}: our own encoding {Convert.ToHexString(first)} is refused: {e.Message}", e);
        }
        if (!first.AsSpan().SequenceEqual(second))
        {
            throw new FuzzFailure($"{entry.Type.Name}: re-encoding is not stable: {Convert.ToHexString(first)} then {Convert.ToHexString(second)}");
        }
    }

    private static object? RoundTrip(string what, ReadOnlySpan<byte> input, Read read, Action<UaBinaryWriter, object?> write)
    {
        var reader = new UaBinaryReader(input);
        var value = read(ref reader);
        var first = Encode(write, value);
        byte[] second;
        try
        {
            var again = new UaBinaryReader(first);
            var decoded = read(ref again);
            again.EnsureEnd(what);
            second = Encode(write, decoded);
        }
        catch (UaDecodingException e)
        {
            throw new FuzzFailure($"{what}: our own encoding {Convert.ToHexString(first)} is refused: {e.Message}", e);
        }
        if (!first.AsSpan().SequenceEqual(second))
        {
            throw new FuzzFailure($"{what}: re-encoding is not stable: {Convert.ToHexString(first)} then {Convert.ToHexString(second)}");
        }
        return value;
    }

    private static byte[] Encode(Action<UaBinaryWriter, object?> write, object? value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(new UaBinaryWriter(buffer), value);
        return buffer.WrittenSpan.ToArray();
    }
}
