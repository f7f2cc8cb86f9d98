using IIoT.OpcUa.Stack.Transport;
using IIoT.OpcUa.Stack.Transport.Connection;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Stack.SecureChannel;

/// <summary>
/// Server end of a secure channel with SecurityPolicy None over a transport that has finished HEL/ACK.
/// <see cref="RunAsync"/> answers OPN Issue/Renew, checks every chunk (UA-D13: wrong SecureChannelId or TokenId,
/// replayed, skipped or decreasing sequence number -> ERR and close), dispatches each MSG to the handler without
/// waiting for earlier ones (responses may go out in any order) and ends on CLO.
/// A token stays valid until its lifetime (plus 25 %) has passed, so requests under the old token still work
/// while the client switches to a renewed one (UA-R11).
/// </summary>
public sealed class ServerSecureChannel : IAsyncDisposable
{
    private const int TokensKept = 2;

    private readonly SecureChunkLayer _layer;
    private readonly uint _channelId;
    private readonly Func<uint, ReadOnlyMemory<byte>, ValueTask<IEncodeable>> _handler;
    private readonly ServerSecureChannelOptions _options;
    private readonly TimeProvider _time;
    private readonly byte[] _asymmetricHeader = AsymmetricSecurityHeader.None.ToArray();
    private readonly List<(uint TokenId, DateTimeOffset Expires)> _tokens = [];
    private readonly object _tokensLock = new();
    private uint _lastTokenId;

    /// <param name="channelId">The SecureChannelId this server assigns; unique per server, never 0.</param>
    /// <param name="handler">Takes the encoding id and the fields of a request; returns the response (or a ServiceFault).</param>
    public ServerSecureChannel(
        IChunkTransport transport,
        ChannelLimits limits,
        uint channelId,
        Func<uint, ReadOnlyMemory<byte>, ValueTask<IEncodeable>> handler,
        ServerSecureChannelOptions? options = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentOutOfRangeException.ThrowIfZero(channelId);
        _layer = new SecureChunkLayer(transport, limits, StatusCodes.BadResponseTooLarge);
        _channelId = channelId;
        _handler = handler;
        _options = options ?? new ServerSecureChannelOptions();
        _time = timeProvider ?? TimeProvider.System;
    }

    public uint ChannelId => _channelId;

    /// <summary>Tokens issued so far (Issue and every Renew).</summary>
    public uint TokensIssued => Volatile.Read(ref _lastTokenId);

    /// <summary>
    /// Runs the channel until CLO (returns normally) or a violation / lost connection (throws
    /// <see cref="UacpException"/> after ERR and close). Requests still in the handler are awaited before returning.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        var inFlight = new List<Task>();
        var outbox = new ResponseOutbox(_layer, _channelId);
        var sender = outbox.RunAsync(cancellationToken);
        try
        {
            using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                deadline.CancelAfter(_options.OpenTimeout);
                SecureMessage first;
                try
                {
                    first = await _layer.ReceiveAsync(CheckFirst, deadline.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw await _layer.FailAsync(StatusCodes.BadTimeout, $"No OPN within {_options.OpenTimeout}.").ConfigureAwait(false);
                }

                using (first)
                {
                    await HandleOpenAsync(first, SecurityTokenRequestType.Issue, cancellationToken).ConfigureAwait(false);
                }
            }

            while (true)
            {
                inFlight.RemoveAll(static task => task.IsCompleted);
                using var message = await _layer.ReceiveAsync(CheckChunk, cancellationToken).ConfigureAwait(false);
                switch (message.Type)
                {
                    case MessageType.OpenSecureChannel:
                        await HandleOpenAsync(message, SecurityTokenRequestType.Renew, cancellationToken).ConfigureAwait(false);
                        break;
                    case MessageType.CloseSecureChannel:
                        await _layer.CloseAsync().ConfigureAwait(false);
                        return;
                    case MessageType.Message when message.Message is not null:
                        // The body is pooled and owned by `message`; the handler gets its own copy.
                        var body = message.Message.Body.ToArray();
                        var ordered = ServiceMessage.TryDecode(body, out var request, out _) && _options.ResponsesInRequestOrder.Contains(request.EncodingId);
                        // An ordered request enters its handler on this loop, so it reaches the server in arrival order
                        // (e.g. a Publish is queued before the next one); its handler must not block before its first await.
                        var response = HandleAsync(body, yieldFirst: !ordered);
                        inFlight.Add(response);
                        if (ordered)
                        {
                            outbox.PostInOrder(message.TokenId, message.RequestId, response);
                        }
                        else
                        {
                            inFlight.Add(PostWhenDoneAsync(outbox, message.TokenId, message.RequestId, response));
                        }
                        break;
                    default:
                        break; // An aborted request: the client dropped it, nothing to answer (§6.7.3).
                }
            }
        }
        finally
        {
            await Task.WhenAll(inFlight).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            outbox.Complete();
            await sender.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public async ValueTask DisposeAsync() => await _layer.DisposeAsync().ConfigureAwait(false);

    /// <summary>Runs the handler; every failure but cancellation becomes that request's ServiceFault.</summary>
    private async Task<IEncodeable> HandleAsync(byte[] body, bool yieldFirst)
    {
        if (yieldFirst)
        {
            await Task.Yield(); // Let the receive loop go on while the handler runs.
        }

        if (!ServiceMessage.TryDecode(body, out var request, out var error))
        {
            return Fault(error, 0);
        }

        try
        {
            return await _handler(request.EncodingId, request.Body).ConfigureAwait(false);
        }
        catch (UaDecodingException)
        {
            return Fault(StatusCodes.BadDecodingError, 0);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A handler bug is that request's ServiceFault, not the end of the channel.
            return Fault(StatusCodes.BadInternalError, 0);
        }
    }

    private static async Task PostWhenDoneAsync(ResponseOutbox outbox, uint tokenId, uint requestId, Task<IEncodeable> response) =>
        outbox.Post(tokenId, requestId, await response.ConfigureAwait(false));

    private async Task HandleOpenAsync(SecureMessage message, SecurityTokenRequestType expected, CancellationToken cancellationToken)
    {
        if (message.AsymmetricHeader?.SecurityPolicyUri != SecurityPolicies.None)
        {
            throw await _layer.FailAsync(StatusCodes.BadSecurityPolicyRejected, "Only SecurityPolicy None is supported.").ConfigureAwait(false);
        }

        OpenSecureChannelRequest request;
        if (message.Message is null
            || !ServiceMessage.TryDecode(message.Message.Body, out var service, out _)
            || service.EncodingId != OpenSecureChannelRequest.BinaryEncodingId
            || !TryDecode(service, out request))
        {
            throw await _layer.FailAsync(StatusCodes.BadDecodingError, "Invalid OpenSecureChannelRequest.").ConfigureAwait(false);
        }

        if (request.RequestType != expected)
        {
            throw await _layer.FailAsync(StatusCodes.BadTcpSecureChannelUnknown, $"OPN {request.RequestType} where {expected} was expected.").ConfigureAwait(false);
        }

        if (request.SecurityMode != MessageSecurityMode.None)
        {
            throw await _layer.FailAsync(StatusCodes.BadSecurityModeRejected, "Only MessageSecurityMode None is supported.").ConfigureAwait(false);
        }

        var now = _time.GetUtcNow();
        var lifetime = Math.Clamp(request.RequestedLifetime, (uint)_options.MinLifetime.TotalMilliseconds, (uint)_options.MaxLifetime.TotalMilliseconds);
        var tokenId = IssueToken(now, lifetime);
        var response = new OpenSecureChannelResponse
        {
            ResponseHeader = new ResponseHeader { Timestamp = UaDateTime.FromDateTime(now.UtcDateTime), RequestHandle = request.RequestHeader.RequestHandle },
            ServerProtocolVersion = TransportLimits.ProtocolVersion,
            SecurityToken = new ChannelSecurityToken
            {
                ChannelId = _channelId,
                TokenId = tokenId,
                CreatedAt = UaDateTime.FromDateTime(now.UtcDateTime),
                RevisedLifetime = lifetime,
            },
            ServerNonce = [],
        };
        await _layer.SendAsync(MessageType.OpenSecureChannel, _channelId, 0, _asymmetricHeader, message.RequestId, ServiceMessage.Encode(response), cancellationToken)
            .ConfigureAwait(false);
    }

    private uint IssueToken(DateTimeOffset now, uint lifetimeMs)
    {
        lock (_tokensLock)
        {
            var tokenId = ++_lastTokenId;

            // OPC 10000-6 §6.7.4: the old token may still be used for 25 % past its lifetime.
            _tokens.Add((tokenId, now + (TimeSpan.FromMilliseconds(lifetimeMs) * 1.25)));
            if (_tokens.Count > TokensKept)
            {
                _tokens.RemoveAt(0);
            }

            return tokenId;
        }
    }

    private static bool TryDecode(ServiceMessage service, out OpenSecureChannelRequest request)
    {
        try
        {
            request = service.Decode<OpenSecureChannelRequest>();
            return true;
        }
        catch (UaDecodingException)
        {
            request = null!;
            return false;
        }
    }

    private static ServiceFault Fault(uint status, uint requestHandle) => new()
    {
        ResponseHeader = new ResponseHeader { ServiceResult = new StatusCode(status), RequestHandle = requestHandle },
    };

    private uint CheckFirst(MessageType type, uint channelId, uint tokenId) =>
        type != MessageType.OpenSecureChannel ? StatusCodes.BadTcpMessageTypeInvalid
        : channelId != 0 ? StatusCodes.BadTcpSecureChannelUnknown
        : 0;

    private uint CheckChunk(MessageType type, uint channelId, uint tokenId)
    {
        if (channelId != _channelId)
        {
            return StatusCodes.BadTcpSecureChannelUnknown;
        }

        if (type == MessageType.OpenSecureChannel)
        {
            return 0;
        }

        var now = _time.GetUtcNow();
        lock (_tokensLock)
        {
            foreach (var (id, expires) in _tokens)
            {
                if (id == tokenId)
                {
                    return now <= expires ? 0 : StatusCodes.BadSecureChannelTokenUnknown;
                }
            }
        }

        return StatusCodes.BadSecureChannelTokenUnknown;
    }
}
