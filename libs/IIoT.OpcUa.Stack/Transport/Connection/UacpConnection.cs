using System.Buffers;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Stack.Transport.Connection;

/// <summary>
/// A UA-TCP connection after HEL/ACK: sends messages split into chunks that fit the peer's limits and receives
/// chunks put back together under ours (OPC 10000-6 §6.7.2). Created by <see cref="UacpClientConnection"/> or
/// <see cref="UacpServerConnection"/>. Sends are serialized so chunks of two messages never interleave;
/// one receiver at a time.
/// </summary>
public sealed class UacpConnection : IAsyncDisposable
{
    private readonly IChunkTransport _transport;
    private readonly ChunkSplitter _splitter;
    private readonly ChunkAssembler _assembler;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ArrayBufferWriter<byte> _sendBuffer = new();

    internal UacpConnection(IChunkTransport transport, ChannelLimits limits, string? endpointUrl, uint tooLargeError)
    {
        _transport = transport;
        Limits = limits;
        EndpointUrl = endpointUrl;
        _splitter = new ChunkSplitter(limits, tooLargeError: tooLargeError);
        _assembler = new ChunkAssembler(limits);
        transport.ReceiveLimit = limits.ReceiveBufferSize;
    }

    /// <summary>The limits negotiated by HEL/ACK, from our side.</summary>
    public ChannelLimits Limits { get; }

    /// <summary>The EndpointUrl the client put in HEL.</summary>
    public string? EndpointUrl { get; }

    /// <summary>
    /// Splits <paramref name="body"/> into MSG/OPN/CLO chunks and sends them. A body over the peer's
    /// MaxMessageSize or MaxChunkCount is refused locally (BadRequestTooLarge / BadResponseTooLarge) and nothing is
    /// sent; the connection stays usable (§7.1.2.4). Cancelled after some chunks went out, it sends an abort chunk
    /// (BadOperationAbandoned) so the peer drops them, then throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public async ValueTask SendMessageAsync(MessageType type, uint secureChannelId, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _sendBuffer.ResetWrittenCount();
            if (!_splitter.TrySplit(type, secureChannelId, body.Span, _sendBuffer, out var error))
            {
                throw new UacpException(error, $"A {body.Length}-byte message exceeds the peer's limits.");
            }

            // The transport moves whole chunks: hand it one chunk at a time, cut where the headers say.
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
                // The peer holds part of a message; without an abort chunk it would prepend it to our next one (§6.7.3).
                await SendAbortAsync(secureChannelId).ConfigureAwait(false);
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
    /// Receives the next whole message. Returns a <see cref="ChunkOutcome"/> that is either
    /// <see cref="ChunkOutcomeKind.Complete"/> (the caller disposes <see cref="ChunkOutcome.Message"/>) or
    /// <see cref="ChunkOutcomeKind.Aborted"/> with the sender's status and reason; the connection stays open then.
    /// A limit or framing violation sends ERR, closes and throws <see cref="UacpException"/>; so does an ERR from the peer.
    /// </summary>
    public async ValueTask<ChunkOutcome> ReceiveMessageAsync(CancellationToken cancellationToken = default)
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
                _assembler.Reset();
                await UacpErrors.SendErrorAndCloseAsync(_transport, e.StatusCode, e.Reason).ConfigureAwait(false);
                throw;
            }

            using (frame)
            {
                if (frame.Header.Type == MessageType.Error)
                {
                    _assembler.Reset();
                    throw await UacpErrors.PeerErrorAsync(_transport, frame).ConfigureAwait(false);
                }

                var outcome = _assembler.Add(frame.Span);
                switch (outcome.Kind)
                {
                    case ChunkOutcomeKind.Incomplete:
                        continue;
                    case ChunkOutcomeKind.Failed:
                        await UacpErrors.SendErrorAndCloseAsync(_transport, outcome.StatusCode, outcome.Reason).ConfigureAwait(false);
                        throw new UacpException(outcome.StatusCode, outcome.Reason);
                    default:
                        return outcome;
                }
            }
        }
    }

    private async ValueTask SendAbortAsync(uint secureChannelId)
    {
        _sendBuffer.ResetWrittenCount();
        _splitter.WriteAbort(_sendBuffer, secureChannelId, StatusCodes.BadOperationAbandoned, "The sender cancelled the message.");
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _transport.SendAsync(_sendBuffer.WrittenMemory, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is UacpException or OperationCanceledException)
        {
            // A transport that cannot send the abort is already unusable (a cancelled stream write closes it).
        }
    }

    /// <summary>Sends ERR with <paramref name="statusCode"/> and closes (OPC 10000-6 §7.1.2.5).</summary>
    public ValueTask CloseWithErrorAsync(uint statusCode, string? reason) =>
        UacpErrors.SendErrorAndCloseAsync(_transport, statusCode, reason);

    public ValueTask CloseAsync()
    {
        _assembler.Reset();
        return _transport.CloseAsync();
    }

    public ValueTask DisposeAsync() => CloseAsync();
}
