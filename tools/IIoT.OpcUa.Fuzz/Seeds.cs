using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using IIoT.OpcUa.Stack.SecureChannel;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Fuzz;

/// <summary>
/// Writes the seed corpus (`seed` command): frames and bodies of the node-opcua capture
/// (tests/IIoT.OpcUa.Types.Tests/Vectors/nodeopcua-session.hex) plus hand-made edge cases for each target.
/// </summary>
internal static class Seeds
{
    public static void Write(string captureHex, string corpusRoot)
    {
        var frames = File.ReadLines(captureHex).Where(l => l.Length > 0).Select(l => l.Split(' '))
            .Select(p => (Conn: p[0], Dir: p[1], Label: p[2], Bytes: Convert.FromHexString(p[3]))).ToList();
        var bodies = frames.Where(f => f.Label[..3] is "OPN" or "MSG" or "CLO").Select(f => f.Bytes[BodyOffset(f.Bytes)..]).ToList();

        Save(corpusRoot, "service", bodies);

        var uacp = frames.Where(f => f.Label[..3] is "HEL" or "ACK").Select(f => f.Bytes).ToList();
        uacp.Add(Frame("ERRF", [.. Le(StatusCodes.BadTcpMessageTypeInvalid), .. Le(4), .. "oops"u8.ToArray()]));
        var msg = frames.First(f => f.Label.StartsWith("MSGF")).Bytes;
        uacp.Add(msg);
        uacp.Add([.. Retype(msg, (byte)'C'), .. msg]); // a two-chunk message
        uacp.Add(Frame("MSGA", [.. Le(1), .. Le(1), .. Le(9), .. Le(9), .. Le(StatusCodes.BadRequestCancelledByClient), .. Le(-1)]));
        uacp.Add(frames.First(f => f.Label.StartsWith("OPN")).Bytes);
        Save(corpusRoot, "uacp", uacp);

        var session = frames.Where(f => f.Conn == "0" && f.Dir == "C2S").Select(f => f.Bytes).ToList();
        var server = new List<byte[]>();
        for (var n = 1; n <= session.Count; n = n < 4 ? n + 1 : n * 2) server.Add([.. session.Take(n).SelectMany(b => b)]);
        server.Add([.. session.SelectMany(b => b)]);
        Save(corpusRoot, "server", server);

        var variants = new List<Variant>
        {
            Variant.Null, Variant.From(true), Variant.From(-1), Variant.From(1.5), Variant.From(double.NaN), Variant.From("Ωµ€😀"),
            Variant.From((string?)null), Variant.From(new UaDateTime(1)), Variant.Scalar(BuiltInType.Guid, Guid.Parse("72962b91-fa75-4ae6-8d28-b404dc7daf63")),
            Variant.Scalar(BuiltInType.ByteString, new byte[] { 1, 2, 3 }), Variant.Scalar(BuiltInType.XmlElement, new XmlElement("<a/>")),
            Variant.From(new NodeId("Line1", 2)), Variant.Scalar(BuiltInType.ExpandedNodeId, new ExpandedNodeId(new NodeId(5u), "urn:x", 3)),
            Variant.From(new StatusCode(StatusCodes.BadNodeIdUnknown)), Variant.Scalar(BuiltInType.QualifiedName, new QualifiedName(2, "Name")),
            Variant.Scalar(BuiltInType.LocalizedText, new LocalizedText("en", "Text")),
            Variant.From(new ExtensionObject(new NodeId(ReadValueId.BinaryEncodingId), ExtensionObjectEncoding.Binary, EncodeableTypes.Encode(new ReadValueId { NodeId = new NodeId(2258u), AttributeId = 13 }))),
            Variant.Array(BuiltInType.Double, new double[] { 1, 2, 3, 4, 5, 6 }, [2, 3]),
            Variant.Array(BuiltInType.String, new string?[] { "a", null, "" }), Variant.Array(BuiltInType.Int32, null),
            Variant.Array(BuiltInType.Variant, new[] { Variant.From(1), Variant.Array(BuiltInType.Variant, new[] { Variant.From("x") }) }),
        };
        Save(corpusRoot, "variant", variants.Select(v => Encode(w => w.WriteVariant(v))));

        var readResponse = (ReadResponse)Decode(bodies.First(b => EncodingId(b) == ReadResponse.BinaryEncodingId));
        var dataValues = readResponse.Results!.ToList();
        dataValues.Add(new DataValue
        {
            Value = Variant.From(1.5), Status = new StatusCode(StatusCodes.BadNodeIdUnknown), SourceTimestamp = new UaDateTime(5), SourcePicoseconds = 9_999,
            ServerTimestamp = new UaDateTime(6), ServerPicoseconds = 1,
        });
        dataValues.Add(new DataValue());
        Save(corpusRoot, "datavalue", dataValues.Select(v => Encode(w => w.WriteDataValue(v))));

        var publish = bodies.Where(b => EncodingId(b) == PublishResponse.BinaryEncodingId).Select(b => (PublishResponse)Decode(b))
            .First(p => p.NotificationMessage.NotificationData is { Length: > 0 });
        var chain = new DiagnosticInfo { SymbolicId = 1, NamespaceUri = 2, Locale = 3, LocalizedText = 4, AdditionalInfo = "info", InnerStatusCode = new StatusCode(StatusCodes.BadInternalError) };
        chain = chain with { InnerDiagnosticInfo = chain with { InnerDiagnosticInfo = new DiagnosticInfo { SymbolicId = 7 } } };
        Save(corpusRoot, "extobj-diag",
        [
            Encode(w => w.WriteExtensionObject(publish.NotificationMessage.NotificationData![0])),
            Encode(w => w.WriteExtensionObject(ExtensionObject.Null)),
            Encode(w => w.WriteExtensionObject(new ExtensionObject(new NodeId("x", 1), ExtensionObjectEncoding.Xml, "<a/>"u8))),
            Encode(w => w.WriteDiagnosticInfo(chain)),
            Encode(w => w.WriteDiagnosticInfo(new DiagnosticInfo())),
        ]);
    }

    private static int BodyOffset(byte[] frame)
    {
        var offset = 12;
        if (frame[0] == (byte)'O')
        {
            for (var i = 0; i < 3; i++) offset += 4 + Math.Max(BinaryPrimitives.ReadInt32LittleEndian(frame.AsSpan(offset)), 0);
        }
        else
        {
            offset += 4;
        }
        return offset + 8;
    }

    private static uint EncodingId(byte[] body) => ServiceMessage.TryDecode(body, out var m, out _) ? m.EncodingId : 0;

    private static IEncodeable Decode(byte[] body)
    {
        ServiceMessage.TryDecode(body, out var m, out _);
        return EncodeableTypes.ByBinaryEncodingId[m.EncodingId].DecodeWhole(m.Body.Span);
    }

    private static byte[] Retype(byte[] frame, byte chunkType)
    {
        var copy = (byte[])frame.Clone();
        copy[3] = chunkType;
        return copy;
    }

    private static byte[] Frame(string typeAndChunk, byte[] body)
    {
        var frame = new byte[8 + body.Length];
        System.Text.Encoding.ASCII.GetBytes(typeAndChunk).CopyTo(frame, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(4), (uint)frame.Length);
        body.CopyTo(frame, 8);
        return frame;
    }

    private static byte[] Le(uint value) => BitConverter.GetBytes(value);

    private static byte[] Le(int value) => BitConverter.GetBytes(value);

    private static byte[] Encode(Action<UaBinaryWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        write(new UaBinaryWriter(buffer));
        return buffer.WrittenSpan.ToArray();
    }

    private static void Save(string root, string target, IEnumerable<byte[]> inputs)
    {
        var folder = Path.Combine(root, target);
        Directory.CreateDirectory(folder);
        foreach (var input in inputs)
        {
            File.WriteAllBytes(Path.Combine(folder, Convert.ToHexString(SHA1.HashData(input))[..16].ToLowerInvariant() + ".bin"), input);
        }
    }
}
