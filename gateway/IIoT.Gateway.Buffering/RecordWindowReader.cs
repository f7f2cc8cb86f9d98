using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace IIoT.Gateway.Buffering;

/// <summary>
/// Walks the records of one file range through a pooled window, resynchronising after corrupt bytes by
/// searching for the next magic. Used by recovery and by the reader, so both skip corruption the same way.
/// </summary>
internal sealed class RecordWindowReader : IDisposable
{
    private readonly int _maxRecordBytes;
    private byte[] _buffer;
    private SafeFileHandle? _handle;
    private long _fileEnd;
    private long _bufferStart;
    private int _bufferLength;
    private int _position;
    private int _readSize;

    public RecordWindowReader(int maxRecordBytes)
    {
        _maxRecordBytes = maxRecordBytes;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(64 * 1024, RecordFormat.EncodedSize(maxRecordBytes)));
    }

    public enum Step
    {
        Record,

        /// <summary>Corrupt bytes at <see cref="Offset"/>; the reader moved on to the next candidate.</summary>
        Corrupt,

        /// <summary>The range is done; bytes from <see cref="Offset"/> to the end (if any) form no complete record.</summary>
        End,
    }

    /// <summary>File offset of the current record, corrupt byte, or tail.</summary>
    public long Offset { get; private set; }

    public ulong Index { get; private set; }

    public long AppendedMs { get; private set; }

    public int EncodedLength { get; private set; }

    /// <summary>Payload of the current record; valid until the next <see cref="Next"/>.</summary>
    public ReadOnlySpan<byte> Payload => _buffer.AsSpan(_position - EncodedLength + RecordFormat.HeaderSize, EncodedLength - RecordFormat.HeaderSize);

    /// <summary>Starts reading <paramref name="handle"/> between two offsets; <paramref name="readSize"/> bounds each read.</summary>
    public void Reset(SafeFileHandle handle, long start, long end, int readSize)
    {
        _handle = handle;
        _fileEnd = end;
        _bufferStart = start;
        _bufferLength = 0;
        _position = 0;
        _readSize = Math.Clamp(readSize, 4096, _buffer.Length);
        EncodedLength = 0;
    }

    public Step Next()
    {
        while (true)
        {
            var available = _buffer.AsSpan(_position, _bufferLength - _position);
            Offset = _bufferStart + _position;
            var loadedToEnd = _bufferStart + _bufferLength >= _fileEnd;
            if (available.Length == 0 && loadedToEnd)
            {
                return Step.End;
            }
            var result = RecordFormat.TryParse(available, _maxRecordBytes, out var index, out var ms, out var length);
            switch (result)
            {
                case RecordFormat.ParseResult.Valid:
                    Index = index;
                    AppendedMs = ms;
                    EncodedLength = RecordFormat.EncodedSize(length);
                    _position += EncodedLength;
                    return Step.Record;
                case RecordFormat.ParseResult.Incomplete:
                    if (!loadedToEnd)
                    {
                        Refill();
                        continue;
                    }
                    // A record that runs past the end is a torn tail, unless a flipped length field made a middle
                    // record look long: then later records exist, so resynchronise instead of giving up on them.
                    if (RecordFormat.FindNextMagic(_buffer.AsSpan(0, _bufferLength), _position + 1) < 0)
                    {
                        return Step.End;
                    }
                    goto default;
                default:
                    var next = RecordFormat.FindNextMagic(_buffer.AsSpan(0, _bufferLength), _position + 1);
                    // Keep the last 3 bytes when no magic is found: a magic may straddle the window edge.
                    _position = next >= 0 ? next : Math.Max(_position + 1, _bufferLength - 3);
                    if (next < 0 && loadedToEnd)
                    {
                        _position = _bufferLength;
                    }
                    return Step.Corrupt;
            }
        }
    }

    private void Refill()
    {
        var keep = _bufferLength - _position;
        if (keep > 0 && _position > 0)
        {
            Buffer.BlockCopy(_buffer, _position, _buffer, 0, keep);
        }
        _bufferStart += _position;
        _bufferLength = keep;
        _position = 0;
        var want = (int)Math.Min(Math.Max(_readSize, 0), _buffer.Length - _bufferLength);
        want = (int)Math.Min(want, _fileEnd - (_bufferStart + _bufferLength));
        var read = want <= 0 ? 0 : RandomAccess.Read(_handle!, _buffer.AsSpan(_bufferLength, want), _bufferStart + _bufferLength);
        if (read == 0)
        {
            // The file is shorter than we were told (truncated or deleted underneath): treat what we have as the end.
            _fileEnd = _bufferStart + _bufferLength;
        }
        _bufferLength += read;
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
