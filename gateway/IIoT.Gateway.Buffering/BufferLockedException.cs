namespace IIoT.Gateway.Buffering;

/// <summary>Another <see cref="DurableBuffer"/> (in this or another process) already owns the directory (BUF-10).</summary>
public sealed class BufferLockedException : IOException
{
    public BufferLockedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
