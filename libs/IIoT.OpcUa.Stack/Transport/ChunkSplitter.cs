using System.Buffers;
using System.Buffers.Binary;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Stack.Transport;

/// <summary>Writes the per-chunk bytes between the SecureChannelId and the body (security + sequence headers).</summary>
public delegate void ChunkPrefixWriter(int chunkIndex, Span<byte> destination);

/// <summary>
/// Splits one message body into chunks that fit the peer's ReceiveBufferSize (OPC 10000-6 §6.7.2):
/// <code>
///  [ hdr 'C' | id | prefix | body 0..n-1 ] [ hdr 'C' | id | prefix | body n..2n-1 ] ... [ hdr 'F' | ... ]
/// </code>
/// Each chunk is at most SendBufferSize bytes. The peer's MaxMessageSize and MaxChunkCount are checked before
/// anything is written, so a refused message needs no abort chunk (§7.1.2.4: reported locally instead).
/// Signing and padding are not done here; a later layer reserves room via <c>prefixLength</c>/<c>trailerLength</c>.
/// </summary>
public sealed class ChunkSplitter
{
    private readonly uint _maxChunkCount;
    private readonly uint _maxMessageSize;
    private readonly int _prefixLength;
    private readonly uint _tooLargeError;

    /// <param name="sendBufferSize">Largest chunk the peer receives (negotiated SendBufferSize).</param>
    /// <param name="maxChunkCount">The peer's MaxChunkCount; 0 = no limit.</param>
    /// <param name="maxMessageSize">The peer's MaxMessageSize; 0 = no limit.</param>
    /// <param name="prefixLength">Bytes written by the prefix writer in every chunk.</param>
    /// <param name="trailerLength">Bytes kept free at the end of every chunk (signature, padding).</param>
    /// <param name="tooLargeError">BadRequestTooLarge for a client, BadResponseTooLarge for a server.</param>
    public ChunkSplitter(
        uint sendBufferSize,
        uint maxChunkCount,
        uint maxMessageSize,
        int prefixLength = 0,
        int trailerLength = 0,
        uint tooLargeError = StatusCodes.BadRequestTooLarge)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(prefixLength);
        ArgumentOutOfRangeException.ThrowIfNegative(trailerLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sendBufferSize, (uint)Array.MaxLength);
        var body = (long)sendBufferSize - UacpLimits.SecureChannelHeaderLength - prefixLength - trailerLength;
        ArgumentOutOfRangeException.ThrowIfLessThan(body, 1, nameof(sendBufferSize));
        MaxBodyPerChunk = (int)body;
        _maxChunkCount = maxChunkCount;
        _maxMessageSize = maxMessageSize;
        _prefixLength = prefixLength;
        _tooLargeError = tooLargeError;
    }

    public ChunkSplitter(ChannelLimits limits, int prefixLength = 0, int trailerLength = 0, uint tooLargeError = StatusCodes.BadRequestTooLarge)
        : this(limits.SendBufferSize, limits.MaxSendChunkCount, limits.MaxSendMessageSize, prefixLength, trailerLength, tooLargeError)
    {
    }

    public int MaxBodyPerChunk { get; }

    /// <summary>Chunks needed for a body; an empty body still takes one F chunk.</summary>
    public int ChunkCount(int bodyLength) => bodyLength == 0 ? 1 : (int)(((long)bodyLength + MaxBodyPerChunk - 1) / MaxBodyPerChunk);

    /// <summary>
    /// Writes all chunks of <paramref name="body"/> to <paramref name="output"/>, or nothing and a status when the
    /// peer's limits forbid it. OPN and CLO must fit one chunk.
    /// </summary>
    public bool TrySplit(
        MessageType type,
        uint secureChannelId,
        ReadOnlySpan<byte> body,
        IBufferWriter<byte> output,
        out uint error,
        ChunkPrefixWriter? writePrefix = null)
    {
        if (type is not (MessageType.Message or MessageType.OpenSecureChannel or MessageType.CloseSecureChannel))
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "Only MSG, OPN and CLO are sent in chunks.");
        }

        var count = ChunkCount(body.Length);
        if ((_maxMessageSize != 0 && (uint)body.Length > _maxMessageSize)
            || (_maxChunkCount != 0 && (uint)count > _maxChunkCount)
            || (type != MessageType.Message && count > 1))
        {
            error = _tooLargeError;
            return false;
        }

        for (var index = 0; index < count; index++)
        {
            var slice = body.Slice(index * MaxBodyPerChunk, Math.Min(MaxBodyPerChunk, body.Length - (index * MaxBodyPerChunk)));
            var chunkType = index == count - 1 ? ChunkType.Final : ChunkType.Intermediate;
            var span = BeginChunk(output, type, chunkType, secureChannelId, _prefixLength + slice.Length, out var total);
            writePrefix?.Invoke(index, span[.._prefixLength]);
            slice.CopyTo(span[_prefixLength..]);
            output.Advance(total);
        }

        error = 0;
        return true;
    }

    /// <summary>
    /// Writes an abort chunk (MSG 'A') that tells the peer to drop the chunks already sent (§6.7.3).
    /// The body is Error + Reason as in ERR; the reason is cut to fit the chunk and the 4096-byte limit.
    /// </summary>
    public void WriteAbort(IBufferWriter<byte> output, uint secureChannelId, uint status, string? reason, ChunkPrefixWriter? writePrefix = null)
    {
        var maxReason = Math.Min(UacpLimits.MaxReasonLength, MaxBodyPerChunk - 8);
        reason = TrimToBytes(reason, maxReason);
        var bodyLength = 4 + UacpWriter.StringSize(reason);
        var span = BeginChunk(output, MessageType.Message, ChunkType.Abort, secureChannelId, _prefixLength + bodyLength, out var total);
        writePrefix?.Invoke(0, span[.._prefixLength]);
        UacpWriter.WriteString(UacpWriter.WriteUInt32(span[_prefixLength..], status), reason);
        output.Advance(total);
    }

    private static Span<byte> BeginChunk(IBufferWriter<byte> output, MessageType type, ChunkType chunkType, uint channelId, int afterId, out int total)
    {
        total = UacpLimits.SecureChannelHeaderLength + afterId;
        var span = output.GetSpan(total)[..total];
        new MessageHeader(type, chunkType, (uint)total).Write(span);
        BinaryPrimitives.WriteUInt32LittleEndian(span[UacpLimits.HeaderLength..], channelId);
        return span[UacpLimits.SecureChannelHeaderLength..];
    }

    private static string? TrimToBytes(string? value, int maxBytes)
    {
        if (value is null || UacpReader.StrictUtf8.GetByteCount(value) <= maxBytes)
        {
            return value;
        }

        // Cut by chars until the UTF-8 form fits; never splits a surrogate pair.
        var length = Math.Min(value.Length, maxBytes);
        while (length > 0 && (UacpReader.StrictUtf8.GetByteCount(value.AsSpan(0, length)) > maxBytes || char.IsHighSurrogate(value[length - 1])))
        {
            length--;
        }

        return value[..length];
    }
}
