namespace IIoT.OpcUa.Stack.Tests.Transport.Connection;

/// <summary>
/// A read-only stream that hands out a fixed script of bytes, then either ends or blocks until cancelled,
/// and records how many bytes were handed out and how many reads were asked for.
/// </summary>
internal sealed class ScriptedStream(byte[] script, bool blockAtEnd) : Stream
{
    private int _position;

    public int BytesHandedOut => _position;

    public int ReadCalls { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ReadCalls++;
        if (_position < script.Length)
        {
            var count = Math.Min(buffer.Length, script.Length - _position);
            script.AsMemory(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        if (blockAtEnd)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        return 0;
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("async only");
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
