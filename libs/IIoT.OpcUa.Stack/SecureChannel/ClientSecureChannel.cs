using System.Collections.Concurrent;
using IIoT.OpcUa.Stack.Transport;
using IIoT.OpcUa.Stack.Transport.Connection;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Stack.SecureChannel;

/// <summary>
/// Client end of a secure channel with SecurityPolicy None (OPC 10000-6 §6.7, §7.1.4) over a transport that has
/// finished HEL/ACK. <see cref="OpenAsync"/> issues the token; requests are matched to responses by RequestId so any
/// number may be outstanding; the token is renewed at <see cref="ClientSecureChannelOptions.RenewAt"/> of its revised
/// lifetime while requests go on, and responses under the previous token stay accepted (UA-R11).
/// A lost channel fails every outstanding request with the <see cref="UacpException"/> that ended it.
/// </summary>
public sealed class ClientSecureChannel : IAsyncDisposable
{
    private readonly SecureChunkLayer _layer;
    private readonly ClientSecureChannelOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<uint, TaskCompletionSource<ServiceMessage>> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly byte[] _asymmetricHeader = AsymmetricSecurityHeader.None.ToArray();
    private Task? _receiveLoop;
    private Task? _renewLoop;
    private uint _lastRequestId;
    private uint _lastRequestHandle;
    private volatile ChannelSecurityToken? _token;
    private volatile ChannelSecurityToken? _previousToken;
    private Exception? _failure;
    private int _renewals;

    public ClientSecureChannel(IChunkTransport transport, ChannelLimits limits, ClientSecureChannelOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(limits);
        _layer = new SecureChunkLayer(transport, limits, StatusCodes.BadRequestTooLarge);
        _options = options ?? new ClientSecureChannelOptions();
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The SecureChannelId assigned by the server; 0 before <see cref="OpenAsync"/>.</summary>
    public uint ChannelId => _token?.ChannelId ?? 0;

    /// <summary>The token used for sending now.</summary>
    public ChannelSecurityToken? SecurityToken => _token;

    /// <summary>Completed token renewals.</summary>
    public int RenewalCount => Volatile.Read(ref _renewals);

    /// <summary>Why the channel ended, once it has.</summary>
    public Exception? Failure => Volatile.Read(ref _failure);

    /// <summary>
    /// Sends OPN Issue and waits for the token. A ServiceFault raises <see cref="UacpException"/> with its
    /// ServiceResult; ERR from the server raises it with the ERR code.
    /// </summary>
    public async Task OpenAsync(CancellationToken cancellationToken = default)
    {
        if (_receiveLoop is not null)
        {
            throw new InvalidOperationException("The channel is already open.");
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.OpenTimeout);
        var ok = false;
        try
        {
            var requestId = NextRequestId();
            await _layer.SendAsync(MessageType.OpenSecureChannel, 0, 0, _asymmetricHeader, requestId, CreateOpenRequest(SecurityTokenRequestType.Issue), deadline.Token)
                .ConfigureAwait(false);

            // Before the token exists nothing else can arrive; read the answer here, then start the loops.
            using var message = await _layer.ReceiveAsync(CheckOpenResponse, deadline.Token).ConfigureAwait(false);
            if (message.Type != MessageType.OpenSecureChannel || message.RequestId != requestId || message.Message is null)
            {
                throw await _layer.FailAsync(StatusCodes.BadTcpMessageTypeInvalid, "Expected the OPN response.").ConfigureAwait(false);
            }

            _token = DecodeOpenResponse(message.Message.Body);
            ok = true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new UacpException(StatusCodes.BadTimeout, $"No OPN response within {_options.OpenTimeout}.");
        }
        finally
        {
            if (!ok)
            {
                // A refused or unanswered OPN leaves nothing to use the connection for.
                await _layer.CloseAsync().ConfigureAwait(false);
            }
        }

        _receiveLoop = Task.Run(() => ReceiveLoopAsync(_stop.Token));
        _renewLoop = Task.Run(() => RenewLoopAsync(_stop.Token));
    }

    /// <summary>Sends a request as MSG and returns the matching response (a ServiceFault is returned, not thrown).</summary>
    public async Task<ServiceMessage> SendRequestAsync(IEncodeable request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var token = _token ?? throw new InvalidOperationException("The channel is not open.");
        var requestId = NextRequestId();
        var completion = Register(requestId);
        try
        {
            await _layer.SendAsync(MessageType.Message, token.ChannelId, token.TokenId, null, requestId, ServiceMessage.Encode(request), cancellationToken)
                .ConfigureAwait(false);
            return await completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(requestId, out _);
        }
    }

    /// <summary>Sends a request and decodes the response as <typeparamref name="TResponse"/>; a ServiceFault throws.</summary>
    public async Task<TResponse> CallAsync<TResponse>(IEncodeable request, CancellationToken cancellationToken = default)
        where TResponse : IEncodeable<TResponse>
    {
        var response = await SendRequestAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.EncodingId == ServiceFault.BinaryEncodingId)
        {
            var fault = response.Decode<ServiceFault>();
            throw new UacpException(fault.ResponseHeader.ServiceResult.Code, "The server answered with a ServiceFault.");
        }

        return response.Decode<TResponse>();
    }

    /// <summary>Renews the token now (OPN Renew); new sends use the new token once the response arrives.</summary>
    public async Task RenewAsync(CancellationToken cancellationToken = default)
    {
        var token = _token ?? throw new InvalidOperationException("The channel is not open.");
        var requestId = NextRequestId();
        var completion = Register(requestId);
        try
        {
            await _layer.SendAsync(
                MessageType.OpenSecureChannel, token.ChannelId, 0, _asymmetricHeader, requestId, CreateOpenRequest(SecurityTokenRequestType.Renew), cancellationToken)
                .ConfigureAwait(false);
            var response = await completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            var renewed = DecodeOpenResponse(response);
            _previousToken = token;
            _token = renewed;
            Interlocked.Increment(ref _renewals);
        }
        finally
        {
            _pending.TryRemove(requestId, out _);
        }
    }

    /// <summary>Sends CLO (no response is defined) and closes the transport; outstanding requests fail.</summary>
    public async Task CloseAsync()
    {
        if (_token is { } token && Failure is null)
        {
            var close = new CloseSecureChannelRequest { RequestHeader = NewRequestHeader() };
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _layer.SendAsync(MessageType.CloseSecureChannel, token.ChannelId, token.TokenId, null, NextRequestId(), ServiceMessage.Encode(close), timeout.Token)
                    .ConfigureAwait(false);
            }
            catch (Exception e) when (e is UacpException or OperationCanceledException)
            {
                // The peer may be gone already; closing is what matters.
            }
        }

        await ShutdownAsync(new UacpException(StatusCodes.BadSecureChannelClosed, "The channel was closed.")).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync().ConfigureAwait(false);
        await _layer.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task ShutdownAsync(Exception reason)
    {
        Interlocked.CompareExchange(ref _failure, reason, null);
        await _stop.CancelAsync().ConfigureAwait(false);
        await _layer.CloseAsync().ConfigureAwait(false);
        foreach (var loop in new[] { _receiveLoop, _renewLoop })
        {
            if (loop is not null)
            {
                await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        FailPending(Failure!);
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                using var message = await _layer.ReceiveAsync(CheckChunk, cancellationToken).ConfigureAwait(false);
                if (!_pending.TryGetValue(message.RequestId, out var completion))
                {
                    continue; // The caller gave up on this request (cancelled); its late answer is dropped.
                }

                if (message.Message is null)
                {
                    completion.TrySetException(new UacpException(message.AbortStatus, message.AbortReason));
                }
                else if (!ServiceMessage.TryDecode(message.Message.Body.ToArray(), out var response, out var error))
                {
                    completion.TrySetException(new UacpException(error, "Undecodable response."));
                }
                else
                {
                    completion.TrySetResult(response);
                }
            }
        }
        catch (Exception e) when (e is UacpException or OperationCanceledException)
        {
            Interlocked.CompareExchange(ref _failure, e is UacpException ? e : new UacpException(StatusCodes.BadSecureChannelClosed, "The channel was closed."), null);
            await _layer.CloseAsync().ConfigureAwait(false);
            FailPending(Failure!);
        }
    }

    private async Task RenewLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var lifetime = TimeSpan.FromMilliseconds(_token!.RevisedLifetime);
                await Task.Delay(lifetime * _options.RenewAt, _time, cancellationToken).ConfigureAwait(false);
                await RenewAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Closing.
        }
        catch (UacpException e) when (e.IsConnectionLost)
        {
            // The receive loop saw why (an ERR, a closed socket) and reports that.
        }
        catch (UacpException e)
        {
            // Without a new token the channel dies when the old one expires; end it now so callers learn why.
            Interlocked.CompareExchange(ref _failure, e, null);
            await _layer.CloseAsync().ConfigureAwait(false);
        }
    }

    private uint CheckOpenResponse(MessageType type, uint channelId, uint tokenId) =>
        type == MessageType.OpenSecureChannel ? 0 : StatusCodes.BadTcpMessageTypeInvalid;

    private uint CheckChunk(MessageType type, uint channelId, uint tokenId)
    {
        var token = _token!;
        if (channelId != token.ChannelId)
        {
            return StatusCodes.BadTcpSecureChannelUnknown;
        }

        if (type == MessageType.OpenSecureChannel)
        {
            return 0;
        }

        // UA-R11: the server answers under the old token until it sees the new one.
        return tokenId == token.TokenId || tokenId == _previousToken?.TokenId ? 0 : StatusCodes.BadSecureChannelTokenUnknown;
    }

    private TaskCompletionSource<ServiceMessage> Register(uint requestId)
    {
        var completion = new TaskCompletionSource<ServiceMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[requestId] = completion;
        if (Failure is { } failure)
        {
            completion.TrySetException(failure);
        }

        return completion;
    }

    private void FailPending(Exception failure)
    {
        foreach (var completion in _pending.Values)
        {
            completion.TrySetException(failure);
        }
    }

    private uint NextRequestId() => Interlocked.Increment(ref _lastRequestId);

    private RequestHeader NewRequestHeader() => new()
    {
        Timestamp = UaDateTime.FromDateTime(_time.GetUtcNow().UtcDateTime),
        RequestHandle = Interlocked.Increment(ref _lastRequestHandle),
        TimeoutHint = (uint)_options.OpenTimeout.TotalMilliseconds,
    };

    private byte[] CreateOpenRequest(SecurityTokenRequestType type) => ServiceMessage.Encode(new OpenSecureChannelRequest
    {
        RequestHeader = NewRequestHeader(),
        ClientProtocolVersion = TransportLimits.ProtocolVersion,
        RequestType = type,
        SecurityMode = MessageSecurityMode.None,
        ClientNonce = [],
        RequestedLifetime = (uint)Math.Clamp(_options.RequestedLifetime.TotalMilliseconds, 1, uint.MaxValue),
    });

    private static ChannelSecurityToken DecodeOpenResponse(ReadOnlyMemory<byte> body)
    {
        if (!ServiceMessage.TryDecode(body, out var message, out var error))
        {
            throw new UacpException(error, "Undecodable OPN response.");
        }

        return DecodeOpenResponse(message);
    }

    private static ChannelSecurityToken DecodeOpenResponse(ServiceMessage message)
    {
        try
        {
            switch (message.EncodingId)
            {
                case OpenSecureChannelResponse.BinaryEncodingId:
                    var response = message.Decode<OpenSecureChannelResponse>();
                    if (response.SecurityToken.RevisedLifetime == 0)
                    {
                        throw new UacpException(StatusCodes.BadDecodingError, "The server revised the token lifetime to 0.");
                    }

                    return response.SecurityToken;
                case ServiceFault.BinaryEncodingId:
                    var fault = message.Decode<ServiceFault>();
                    throw new UacpException(fault.ResponseHeader.ServiceResult.Code, "OpenSecureChannel was refused.");
                default:
                    throw new UacpException(StatusCodes.BadDecodingError, $"Unexpected OPN response type {message.EncodingId}.");
            }
        }
        catch (UaDecodingException e)
        {
            throw new UacpException(StatusCodes.BadDecodingError, "Undecodable OPN response.", e);
        }
    }
}
