namespace IIoT.Gateway.Buffering;

/// <summary>A segment on disk was written in a format version this build does not know (BUF-11). Nothing was changed on disk.</summary>
public sealed class UnsupportedBufferFormatException : IOException
{
    public UnsupportedBufferFormatException(string message)
        : base(message)
    {
    }
}
