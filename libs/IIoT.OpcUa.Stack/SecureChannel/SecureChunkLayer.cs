using System.Buffers;
using System.Buffers.Binary;
using IIoT.OpcUa.Stack.Transport;
using IIoT.OpcUa.Stack.Transport.Connection;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Stack.SecureChannel;

/// <summary>
/// Writes and reads UASC chunks with their security and sequence headers, on top of an <see cref="IChunkTransport"/>
/// after HEL/ACK (OPC 10000-6 §6.7.2). <see cref="UacpConnection"/> treats those headers as body, which is wrong once a
/// message spans several chunks (each chunk carries its own sequence number), so this layer builds chunks itself with
/// <see cref="ChunkSplitter"/> prefixes and <see cref="ChunkAssembler"/> body offsets.
/// SecurityPolicy None only: no signature, padding or encryption (the splitter's trailer is the seam for those).
/// Sends are serialized; one receiver at a time. Any header, sequence or id violation sends ERR and closes.
/// </summary>
internal sealed class SecureChunkLayer : IAsyncDisposable
{
    private readonly IChunkTransport _transport;
    private readonly ChannelLimits _limits;
    private readonly ChunkAssembler _assembler;
    private readonly uint _tooLargeError;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ArrayBufferWriter<byte> _sendBuffer = new();
    private uint _nextSendSequence = 1;
    private uint? _lastReceivedSequence;
    private uint _pendingRequestId;

    public SecureChunkLayer(IChunkTransport transport, ChannelLimits limits, uint tooLargeError)
    {
        _transport = transport;
        _limits = limits;
        _tooLargeError = tooLargeError;
        _assembler = new ChunkAssembler(limits);
        transport.ReceiveLimit = limits.ReceiveBufferSize;
    }

    /// <summary>Sends OPN (with <paramref name="asymmetricHeader"/>) or MSG/CLO (with <paramref name="tokenId"/>).</summary>
    public async ValueTask SendAsync(
        MessageType type,
        uint channelId,
        uint tokenId,
        byte[]? asymmetricHeader,
        uint requestId,
        ReadOnlyMemory<byte> body,
        CancellationToken cancellationToken)
    {
        var security = type == MessageType.OpenSecureChannel
            ? asymmetricHeader ?? throw new ArgumentNullException(nameof(asymmetricHeader))
            : null;
        var securityLength = security?.Length ?? SymmetricSecurityHeader.Length;
        var splitter = new ChunkSplitter(_limits, securityLength + SequenceHeader.Length, tooLargeError: _tooLargeError);

        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _sendBuffer.ResetWrittenCount();
            var firstSequence = _nextSendSequence;
            void WritePrefix(int index, Span<byte> prefix)
            {
                if (security is not null)
                {
                    security.CopyTo(prefix);
                }
                else
                {
                    new SymmetricSecurityHeader(tokenId).Encode(prefix);
                }

                new SequenceHeader(unchecked(firstSequence + (uint)index), requestId).Encode(prefix[securityLength..]);
            }

            if (!splitter.TrySplit(type, channelId, body.Span, _sendBuffer, out var error, WritePrefix))
            {
                throw new UacpException(error, $"A {body.Length}-byte message exceeds the peer's limits.");
            }

            _nextSendSequence = unchecked(firstSequence + (uint)splitter.ChunkCount(body.Length));
            var written = _sendBuffer.WrittenMemory;
            var sent = 0;
            try
            {
                foreach (var chunk in ChunkFrames.Each(written))
                {
                    await _transport.SendAsync(chunk, cancellationToken).ConfigureAwait(false);
                    sent++;
                }
            }
            catch (OperationCanceledException) when (sent > 0)
            {
                // The peer holds part of a message and the sequence numbers are spent; the channel cannot go on.
                await _transport.CloseAsync().ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            _sendBuffer.ResetWrittenCount();
            _sendLock.Release();
        }
    }

    /// <summary>
    /// Receives the next whole message. <paramref name="check"/> runs on every chunk before its body is kept.
    /// Throws <see cref="UacpException"/> after sending ERR and closing on any violation, or when the peer sent ERR.
    /// </summary>
    public async ValueTask<SecureMessage> ReceiveAsync(ChunkCheck check, CancellationToken cancellationToken)
    {
        while (true)
        {
            Frame frame;
            try
            {
                frame = await _transport.ReceiveAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (UacpException e) when (!e.IsConnectionLost)
            {
                throw await FailAsync(e.StatusCode, e.Reason).ConfigureAwait(false);
            }

            using (frame)
            {
                var type = frame.Header.Type;
                if (type == MessageType.Error)
                {
                    _assembler.Reset();
                    throw await UacpErrors.PeerErrorAsync(_transport, frame).ConfigureAwait(false);
                }

                if (!frame.Header.IsSecureConversation)
                {
                    throw await FailAsync(StatusCodes.BadTcpMessageTypeInvalid, $"{type} on an open secure channel.").ConfigureAwait(false);
                }

                var span = frame.Span;
                var channelId = BinaryPrimitives.ReadUInt32LittleEndian(span[UacpLimits.HeaderLength..]);
                var offset = UacpLimits.SecureChannelHeaderLength;
                AsymmetricSecurityHeader? asymmetric = null;
                uint tokenId = 0;
                uint error;
                if (type == MessageType.OpenSecureChannel)
                {
                    if (!AsymmetricSecurityHeader.TryDecode(span[offset..], out asymmetric, out var consumed, out error))
                    {
                        throw await FailAsync(error, "Invalid asymmetric security header.").ConfigureAwait(false);
                    }

                    offset += consumed;
                }
                else
                {
                    if (!SymmetricSecurityHeader.TryDecode(span[offset..], out var symmetric, out error))
                    {
                        throw await FailAsync(error, "Invalid symmetric security header.").ConfigureAwait(false);
                    }

                    tokenId = symmetric.TokenId;
                    offset += SymmetricSecurityHeader.Length;
                }

                if (!SequenceHeader.TryDecode(span[offset..], out var sequence, out error))
                {
                    throw await FailAsync(error, "Invalid sequence header.").ConfigureAwait(false);
                }

                offset += SequenceHeader.Length;
                error = check(type, channelId, tokenId);
                if (error != 0)
                {
                    throw await FailAsync(error, $"Chunk refused (channel {channelId}, token {tokenId}).").ConfigureAwait(false);
                }

                // UA-D13: a replayed, skipped or decreasing number means a tampered or broken stream.
                if (_lastReceivedSequence is { } last && !SequenceHeader.Follows(last, sequence.SequenceNumber))
                {
                    throw await FailAsync(
                        StatusCodes.BadSequenceNumberInvalid,
                        $"Sequence number {sequence.SequenceNumber} after {last}.").ConfigureAwait(false);
                }

                _lastReceivedSequence = sequence.SequenceNumber;
                if (type == MessageType.Message && _assembler.BufferedChunks > 0 && sequence.RequestId != _pendingRequestId)
                {
                    throw await FailAsync(StatusCodes.BadDecodingError, "Chunk of another request inside a message.").ConfigureAwait(false);
                }

                if (type == MessageType.Message)
                {
                    _pendingRequestId = sequence.RequestId;
                }

                var outcome = _assembler.Add(span, offset);
                switch (outcome.Kind)
                {
                    case ChunkOutcomeKind.Incomplete:
                        continue;
                    case ChunkOutcomeKind.Failed:
                        throw await FailAsync(outcome.StatusCode, outcome.Reason).ConfigureAwait(false);
                    case ChunkOutcomeKind.Aborted:
                        return new SecureMessage(type, channelId, tokenId, sequence.RequestId, asymmetric, null, outcome.StatusCode, outcome.Reason);
                    default:
                        return new SecureMessage(type, channelId, tokenId, sequence.RequestId, asymmetric, outcome.Message, 0, null);
                }
            }
        }
    }

    /// <summary>Sends ERR and closes (OPC 10000-6 §7.1.2.5); returns the exception for the caller to throw.</summary>
    public async ValueTask<UacpException> FailAsync(uint status, string? reason)
    {
        _assembler.Reset();
        await UacpErrors.SendErrorAndCloseAsync(_transport, status, reason).ConfigureAwait(false);
        return new UacpException(status, reason);
    }

    public ValueTask CloseAsync()
    {
        return _transport.CloseAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _transport.CloseAsync().ConfigureAwait(false);
        _assembler.Dispose();
    }
}
