using System.Buffers.Binary;

namespace IIoT.OpcUa.Fuzz;

/// <summary>
/// Cuts fuzz input into UA-TCP frames by each header's MessageSize, clamped to what is left, so that one input is a
/// whole conversation. Sizes that lie (too small, too large) still yield a frame: the header checks must refuse it.
/// </summary>
internal static class FrameSplitter
{
    public const int MaxFrames = 64;

    public static List<ReadOnlyMemory<byte>> Split(ReadOnlyMemory<byte> input)
    {
        var frames = new List<ReadOnlyMemory<byte>>();
        var rest = input;
        while (!rest.IsEmpty && frames.Count < MaxFrames)
        {
            var take = rest.Length;
            if (rest.Length >= 8)
            {
                var size = BinaryPrimitives.ReadUInt32LittleEndian(rest.Span[4..]);
                take = (int)Math.Clamp(size, 8u, (uint)rest.Length);
            }
            frames.Add(rest[..take]);
            rest = rest[take..];
        }
        return frames;
    }
}
