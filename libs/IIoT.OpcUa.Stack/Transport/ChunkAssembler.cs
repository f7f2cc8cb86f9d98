using System.Buffers;
using System.Buffers.Binary;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Stack.Transport;

/// <summary>
/// Puts the chunks of one secure channel back into messages (OPC 10000-6 §6.7.2). A UASC chunk:
/// <code>
///  0      3   4          8                 12                 bodyOffset            MessageSize
///  +------+---+----------+-----------------+--------------------+---------------------+
///  | MSG  |C/F| size u32 | SecureChannelId | security + sequence| body (appended)     |
///  |      |/A |          |       u32       | headers (opaque)   |                     |
///  +------+---+----------+-----------------+--------------------+---------------------+
/// </code>
/// Bodies of C chunks are kept until the F chunk; the chunk count and total size are checked before each
/// byte is stored, so a flood of C chunks costs at most MaxMessageSize (UA-D09, CVE-2022-21208/-25761).
/// An A chunk drops everything kept and reports its Error + Reason (§6.7.3, UA-D10).
/// Not thread-safe: one instance per channel, fed by that channel's single receive loop.
/// </summary>
public sealed class ChunkAssembler : IDisposable
{
    private const int InitialCapacity = 8192;

    private readonly uint _receiveBufferSize;
    private readonly uint _maxMessageSize;
    private readonly uint _maxChunkCount;

    private byte[]? _buffer;
    private int _length;
    private int _chunks;
    private uint _channelId;

    /// <param name="receiveBufferSize">Largest chunk accepted (our negotiated ReceiveBufferSize).</param>
    /// <param name="maxMessageSize">Largest total body; must not be 0.</param>
    /// <param name="maxChunkCount">Most chunks per message; 0 = only the size limit applies.</param>
    public ChunkAssembler(uint receiveBufferSize, uint maxMessageSize, uint maxChunkCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(receiveBufferSize, (uint)UacpLimits.SecureChannelHeaderLength);
        ArgumentOutOfRangeException.ThrowIfZero(maxMessageSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessageSize, (uint)Array.MaxLength);
        _receiveBufferSize = receiveBufferSize;
        _maxMessageSize = maxMessageSize;
        _maxChunkCount = maxChunkCount;
    }

    public ChunkAssembler(ChannelLimits limits)
        : this(limits.ReceiveBufferSize, limits.MaxReceiveMessageSize, limits.MaxReceiveChunkCount)
    {
    }

    /// <summary>Body bytes held for the message in progress.</summary>
    public int BufferedBytes => _length;

    /// <summary>Chunks received for the message in progress.</summary>
    public int BufferedChunks => _chunks;

    /// <summary>Bytes rented from the pool right now (bounded by MaxMessageSize rounded up by the pool).</summary>
    public int RentedBytes => _buffer?.Length ?? 0;

    /// <summary>
    /// Takes one whole chunk (header included). <paramref name="bodyOffset"/> is where the body starts; the
    /// default treats everything after the SecureChannelId as body (security headers opaque at this layer).
    /// Never throws on wire data.
    /// </summary>
    public ChunkOutcome Add(ReadOnlySpan<byte> chunk, int bodyOffset = UacpLimits.SecureChannelHeaderLength)
    {
        if (!MessageHeader.TryParse(chunk, _receiveBufferSize, out var header, out var error))
        {
            return Fail(error, "Invalid chunk header.");
        }

        if (!header.IsSecureConversation)
        {
            return Fail(StatusCodes.BadTcpMessageTypeInvalid, "UACP message on an open secure channel.");
        }

        if (header.MessageSize != (uint)chunk.Length)
        {
            return Fail(StatusCodes.BadDecodingError, "Chunk length differs from its header.");
        }

        if (bodyOffset < UacpLimits.SecureChannelHeaderLength || bodyOffset > chunk.Length)
        {
            return Fail(StatusCodes.BadDecodingError, "Chunk body offset outside the chunk.");
        }

        var channelId = BinaryPrimitives.ReadUInt32LittleEndian(chunk[UacpLimits.HeaderLength..]);
        var body = chunk[bodyOffset..];

        if (header.Type != MessageType.Message)
        {
            // OPN and CLO are single F chunks (§6.7.2.2); they never join or disturb a MSG in progress.
            return Single(header.Type, channelId, body);
        }

        if (_chunks > 0 && channelId != _channelId)
        {
            return Fail(StatusCodes.BadTcpSecureChannelUnknown, "Chunk of another secure channel inside a message.");
        }

        return header.ChunkType switch
        {
            ChunkType.Abort => Abort(body),
            _ => Append(channelId, body, header.ChunkType == ChunkType.Final),
        };
    }

    /// <summary>Drops any message in progress and returns its buffer to the pool.</summary>
    public void Reset()
    {
        var buffer = _buffer;
        _buffer = null;
        _length = 0;
        _chunks = 0;
        _channelId = 0;
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Dispose() => Reset();

    private ChunkOutcome Append(uint channelId, ReadOnlySpan<byte> body, bool final)
    {
        if (_maxChunkCount != 0 && (uint)_chunks + 1 > _maxChunkCount)
        {
            return Fail(StatusCodes.BadTcpMessageTooLarge, $"More than {_maxChunkCount} chunks in one message.");
        }

        if ((ulong)_length + (uint)body.Length > _maxMessageSize)
        {
            return Fail(StatusCodes.BadTcpMessageTooLarge, $"Message larger than {_maxMessageSize} bytes.");
        }

        EnsureCapacity(_length + body.Length);
        body.CopyTo(_buffer.AsSpan(_length));
        _length += body.Length;
        _chunks++;
        _channelId = channelId;
        if (!final)
        {
            return ChunkOutcome.Incomplete;
        }

        // Ownership of the buffer moves to the message; the assembler starts empty.
        var message = new AssembledMessage(MessageType.Message, channelId, _chunks, _buffer!, _length);
        _buffer = null;
        Reset();
        return new ChunkOutcome(ChunkOutcomeKind.Complete, message, 0, null);
    }

    private ChunkOutcome Abort(ReadOnlySpan<byte> body)
    {
        Reset();
        var reader = new UacpReader(body);
        if (!ErrorMessage.TryReadBody(ref reader, out var abort, out var error))
        {
            return ChunkOutcome.Fail(error, "Malformed abort chunk.");
        }

        return new ChunkOutcome(ChunkOutcomeKind.Aborted, null, abort.Error, abort.Reason);
    }

    private ChunkOutcome Single(MessageType type, uint channelId, ReadOnlySpan<byte> body)
    {
        if ((uint)body.Length > _maxMessageSize)
        {
            return Fail(StatusCodes.BadTcpMessageTooLarge, $"Message larger than {_maxMessageSize} bytes.");
        }

        var buffer = ArrayPool<byte>.Shared.Rent(body.Length);
        body.CopyTo(buffer);
        return new ChunkOutcome(ChunkOutcomeKind.Complete, new AssembledMessage(type, channelId, 1, buffer, body.Length), 0, null);
    }

    private void EnsureCapacity(int needed)
    {
        if (_buffer is not null && _buffer.Length >= needed)
        {
            return;
        }

        // Double, but never past the message limit: the limit, not the sender, decides what we hold.
        var size = Math.Max(needed, Math.Max(InitialCapacity, (_buffer?.Length ?? 0) * 2));
        size = (int)Math.Min((uint)size, Math.Max(_maxMessageSize, (uint)needed));
        var grown = ArrayPool<byte>.Shared.Rent(size);
        var old = _buffer;
        try
        {
            old?.AsSpan(0, _length).CopyTo(grown);
        }
        finally
        {
            _buffer = grown;
            if (old is not null)
            {
                ArrayPool<byte>.Shared.Return(old);
            }
        }
    }

    private ChunkOutcome Fail(uint status, string reason)
    {
        Reset();
        return ChunkOutcome.Fail(status, reason);
    }
}
