using IIoT.OpcUa.Stack.SecureChannel;
using IIoT.OpcUa.Stack.Services;
using IIoT.OpcUa.Stack.Transport.Connection;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;
using Microsoft.Extensions.Logging;

namespace IIoT.OpcUa.Client;

/// <summary>
/// The steps of a connect, each usable alone by the reconnect ladder: open a channel (TCP, HEL/ACK, OPN) to the
/// configured host and port, pick the SecurityPolicy None endpoint, create a session, activate it on a channel.
/// </summary>
internal sealed class SessionConnector(ClientOptions options, EndpointAddress address, ILogger logger, TimeProvider time)
{
    public ClientOptions Options => options;

    /// <summary>The None endpoint chosen on the first connect; its token policies serve every later activation.</summary>
    public EndpointDescription? Endpoint { get; private set; }

    /// <summary>The session timeout the server granted for the latest session (the requested one until then).</summary>
    public TimeSpan RevisedSessionTimeout { get; private set; } = options.SessionTimeout;

    public async Task<ClientSecureChannel> OpenChannelAsync(CancellationToken cancellationToken)
    {
        StreamChunkTransport transport;
        UacpConnection connection;
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            deadline.CancelAfter(options.ConnectTimeout);
            try
            {
                transport = await StreamChunkTransport.ConnectAsync(address.Host, address.Port, options.TransportLimits.ReceiveBufferSize, deadline.Token)
                    .ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ServiceResultException(StatusCodes.BadTimeout, $"No TCP connection to {address.Host}:{address.Port} within {options.ConnectTimeout}.");
            }
            catch (UacpException e)
            {
                throw new ServiceResultException(e.StatusCode, $"Cannot connect to {address.Host}:{address.Port}: {e.Reason}", e);
            }
        }

        try
        {
            connection = await UacpClientConnection.ConnectAsync(transport, options.EndpointUrl, options.TransportLimits, options.ConnectTimeout, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (UacpException e)
        {
            throw new ServiceResultException(e.StatusCode, $"HEL/ACK with {address.Host}:{address.Port} failed: {e.Reason}", e);
        }

        var channel = new ClientSecureChannel(transport, connection.Limits, new ClientSecureChannelOptions
        {
            RequestedLifetime = options.ChannelLifetime,
            OpenTimeout = options.ConnectTimeout,
        }, time);
        try
        {
            await channel.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (UacpException e)
        {
            await channel.DisposeAsync().ConfigureAwait(false);
            throw new ServiceResultException(e.StatusCode, $"OpenSecureChannel refused: {e.Reason}", e);
        }
        catch
        {
            await channel.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return channel;
    }

    /// <summary>GetEndpoints, once: the SecurityPolicy None endpoint. Its announced host is logged, never dialled.</summary>
    public async Task<EndpointDescription> SelectEndpointAsync(ClientSecureChannel channel, CancellationToken cancellationToken)
    {
        if (Endpoint is { } known)
        {
            return known;
        }

        var response = await CallAsync<GetEndpointsResponse>(channel, NodeId.Null, new GetEndpointsRequest
        {
            EndpointUrl = options.EndpointUrl,
            ProfileUris = ["http://opcfoundation.org/UA-Profile/Transport/uatcp-uasc-uabinary"],
        }, cancellationToken).ConfigureAwait(false);

        EndpointDescription? chosen = null;
        foreach (var endpoint in response.Endpoints ?? [])
        {
            if (endpoint.SecurityPolicyUri == SecurityPolicies.None && endpoint.SecurityMode == MessageSecurityMode.None)
            {
                chosen = endpoint;
                break;
            }
        }

        if (chosen is null)
        {
            throw new ServiceResultException(StatusCodes.BadSecurityPolicyRejected, $"{options.EndpointUrl} offers no SecurityPolicy None endpoint.");
        }

        if (EndpointAddress.TryParse(chosen.EndpointUrl, out var announced)
            && (!string.Equals(announced.Host, address.Host, StringComparison.OrdinalIgnoreCase) || announced.Port != address.Port))
        {
            // Servers behind NAT or in containers announce names we cannot resolve; the address that worked stays in use.
            logger.EndpointHostDiffers(chosen.EndpointUrl ?? "", address.Host, address.Port);
        }

        Endpoint = chosen;
        return chosen;
    }

    /// <summary>CreateSession; returns (SessionId, AuthenticationToken).</summary>
    public async Task<(NodeId SessionId, NodeId AuthenticationToken)> CreateSessionAsync(ClientSecureChannel channel, CancellationToken cancellationToken)
    {
        var response = await CallAsync<CreateSessionResponse>(channel, NodeId.Null, new CreateSessionRequest
        {
            ClientDescription = new ApplicationDescription
            {
                ApplicationUri = options.ApplicationUri,
                ProductUri = options.ApplicationUri,
                ApplicationName = new LocalizedText(null, options.ApplicationName),
                ApplicationType = ApplicationType.Client,
            },
            EndpointUrl = options.EndpointUrl,
            SessionName = options.SessionName,
            ClientNonce = new byte[32],
            RequestedSessionTimeout = options.SessionTimeout.TotalMilliseconds,
            MaxResponseMessageSize = options.TransportLimits.MaxMessageSize,
        }, cancellationToken).ConfigureAwait(false);
        logger.SessionCreated(response.SessionId.ToString(), response.RevisedSessionTimeout);
        if (response.RevisedSessionTimeout > 0 && double.IsFinite(response.RevisedSessionTimeout))
        {
            RevisedSessionTimeout = TimeSpan.FromMilliseconds(response.RevisedSessionTimeout);
        }

        return (response.SessionId, response.AuthenticationToken);
    }

    /// <summary>
    /// CreateSession then ActivateSession. When the activation is refused (wrong password, identity rejected) the
    /// half-made session is closed at once: otherwise it holds one of the server's session slots until its timeout, and
    /// a client retrying with a bad password would fill the server with dead sessions (BadTooManySessions for everyone).
    /// </summary>
    public async Task<(NodeId SessionId, NodeId AuthenticationToken)> CreateAndActivateSessionAsync(ClientSecureChannel channel, CancellationToken cancellationToken)
    {
        var (sessionId, token) = await CreateSessionAsync(channel, cancellationToken).ConfigureAwait(false);
        try
        {
            await ActivateSessionAsync(channel, token, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ServiceResultException or OperationCanceledException)
        {
            await CloseUnactivatedAsync(channel, token).ConfigureAwait(false);
            throw;
        }

        return (sessionId, token);
    }

    /// <summary>ActivateSession with the configured identity, on <paramref name="channel"/> (a new one after a reconnect).</summary>
    public async Task ActivateSessionAsync(ClientSecureChannel channel, NodeId authenticationToken, CancellationToken cancellationToken)
    {
        var endpoint = Endpoint ?? throw new InvalidOperationException("No endpoint selected.");
        await CallAsync<ActivateSessionResponse>(channel, authenticationToken, new ActivateSessionRequest
        {
            LocaleIds = ["en"],
            UserIdentityToken = IdentityToken(endpoint),
        }, cancellationToken).ConfigureAwait(false);
    }

    public Task<TResponse> CallAsync<TResponse>(ClientSecureChannel channel, NodeId authenticationToken, IServiceRequest request, CancellationToken cancellationToken)
        where TResponse : class, IServiceResponse, IEncodeable<TResponse>, new() =>
        ServiceCaller.CallAsync<TResponse>(channel, authenticationToken, request, options.ConnectTimeout, time, cancellationToken);

    private async Task CloseUnactivatedAsync(ClientSecureChannel channel, NodeId authenticationToken)
    {
        if (channel.Failure is not null)
        {
            return; // the server drops the session with its timeout; nothing can reach it on this channel
        }

        try
        {
            // The caller's token may be cancelled already; the close gets a short budget of its own.
            using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await CallAsync<CloseSessionResponse>(channel, authenticationToken, new CloseSessionRequest { DeleteSubscriptions = true }, budget.Token)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is ServiceResultException or OperationCanceledException)
        {
            // Best effort: the session expires on the server anyway.
        }
    }

    private ExtensionObject IdentityToken(EndpointDescription endpoint)
    {
        var identity = options.Identity;
        var wanted = identity.IsAnonymous ? UserTokenType.Anonymous : UserTokenType.UserName;
        UserTokenPolicy? policy = null;
        var encryptedOnly = false;
        foreach (var candidate in endpoint.UserIdentityTokens ?? [])
        {
            if (candidate.TokenType != wanted)
            {
                continue;
            }

            // A policy with its own security policy wants the password encrypted with the server certificate.
            if (wanted == UserTokenType.UserName && !string.IsNullOrEmpty(candidate.SecurityPolicyUri) && candidate.SecurityPolicyUri != SecurityPolicies.None)
            {
                encryptedOnly = true;
                continue;
            }

            policy = candidate;
            break;
        }

        if (policy is null)
        {
            throw new ServiceResultException(StatusCodes.BadIdentityTokenRejected, encryptedOnly
                ? $"The endpoint accepts {identity} only with an encrypted password, which this client does not support on SecurityPolicy None."
                : $"The endpoint has no {wanted} token policy for {identity}.");
        }

        return identity.IsAnonymous
            ? ExtensionObjects.Wrap(new AnonymousIdentityToken { PolicyId = policy.PolicyId })
            : ExtensionObjects.Wrap(new UserNameIdentityToken
            {
                PolicyId = policy.PolicyId,
                UserName = identity.UserName,
                Password = System.Text.Encoding.UTF8.GetBytes(identity.Password ?? ""),
            });
    }
}
