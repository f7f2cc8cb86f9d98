using System.Buffers.Binary;

namespace IIoT.OpcUa.Types.Tests.Vectors;

/// <summary>
/// One UA-TCP frame from Vectors/nodeopcua-session.hex (recorded by tests/IIoT.Testing/NodeOpcua/capture.js from a
/// node-opcua 2.186.4 client talking to a node-opcua server, SecurityPolicy None).
/// </summary>
internal sealed record CapturedFrame(int Index, int Connection, string Direction, string Label, byte[] Bytes)
{
    public const string FileName = "nodeopcua-session.hex";

    public string MessageType => Label[..3];

    /// <summary>
    /// Where the service body (encoding NodeId + fields) starts, for SecurityPolicy None: after the 12-byte
    /// header + SecureChannelId, then the asymmetric header (three Int32-length strings) for OPN or the 4-byte
    /// TokenId for MSG/CLO, then the 8-byte sequence header (OPC 10000-6 §6.7.2).
    /// </summary>
    public int BodyOffset
    {
        get
        {
            var offset = 12;
            if (MessageType == "OPN")
            {
                for (var i = 0; i < 3; i++)
                {
                    var length = BinaryPrimitives.ReadInt32LittleEndian(Bytes.AsSpan(offset));
                    offset += 4 + Math.Max(length, 0);
                }
            }
            else
            {
                offset += 4;
            }
            return offset + 8;
        }
    }

    public byte[] Body => Bytes[BodyOffset..];

    public override string ToString() => $"#{Index} {Direction} {Label} ({Bytes.Length} bytes)";

    public static IReadOnlyList<CapturedFrame> Load(string? path = null)
    {
        path ??= Path.Combine(AppContext.BaseDirectory, "Vectors", FileName);
        var frames = new List<CapturedFrame>();
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            var parts = line.Split(' ');
            frames.Add(new CapturedFrame(frames.Count, int.Parse(parts[0]), parts[1], parts[2], Convert.FromHexString(parts[3])));
        }
        return frames;
    }
}
