using System.Buffers;

namespace IIoT.OpcUa.Stack.Tests.Transport;

internal static class Bytes
{
    /// <summary>Parses "48 45 4C 46 ..." (spaces and '|' ignored) into bytes.</summary>
    public static byte[] Hex(string text) =>
        Convert.FromHexString(new string(text.Where(Uri.IsHexDigit).ToArray()));

    public static byte[] Encode(Action<IBufferWriter<byte>> encode)
    {
        var writer = new ArrayBufferWriter<byte>();
        encode(writer);
        return writer.WrittenSpan.ToArray();
    }
}
