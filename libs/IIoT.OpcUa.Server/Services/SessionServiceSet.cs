using System.Security.Cryptography;
using System.Text;
using IIoT.OpcUa.Stack.Services;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;
using Microsoft.Extensions.Logging;

namespace IIoT.OpcUa.Server;

/// <summary>
/// Session services (OPC 10000-4 §5.6): CreateSession, ActivateSession (anonymous and user name; on a new channel it
/// moves the session there) and CloseSession. The table does not check the session for these three; they do.
/// </summary>
internal sealed class SessionServiceSet(OpcUaServerOptions options, SessionManager sessions, EndpointCatalog endpoints, ILogger logger)
{
    private const int NonceLength = 32;

    private readonly LoginThrottle _throttle = new(options.MaxFailedLogins, options.FailedLoginWindow, options.TimeProvider);

    public void Register(ServiceTable table)
    {
        table.Register<CreateSessionRequest>(CreateSessionRequest.BinaryEncodingId, CreateSession, requiresSession: false);
        table.Register<ActivateSessionRequest>(ActivateSessionRequest.BinaryEncodingId, ActivateSession, requiresSession: false);
        table.Register<CloseSessionRequest>(CloseSessionRequest.BinaryEncodingId, CloseSession, requiresSession: false);
    }

    private ValueTask<IServiceResponse> CreateSession(ServiceContext context, CreateSessionRequest request, CancellationToken cancellationToken)
    {
        var session = sessions.Create(request.SessionName, request.RequestedSessionTimeout, context.ChannelId, request.ClientDescription.ApplicationUri);
        session.ServerNonce = RandomNumberGenerator.GetBytes(NonceLength);
        return ValueTask.FromResult<IServiceResponse>(new CreateSessionResponse
        {
            SessionId = session.SessionId,
            AuthenticationToken = session.AuthenticationToken,
            RevisedSessionTimeout = session.Timeout.TotalMilliseconds,
            ServerNonce = session.ServerNonce,
            ServerCertificate = null, // SecurityPolicy None: no certificate (§5.6.2).
            ServerEndpoints = [endpoints.Endpoint],
            ServerSoftwareCertificates = [],
            ServerSignature = new SignatureData(),
            MaxRequestMessageSize = options.TransportLimits.MaxMessageSize,
        });
    }

    private ValueTask<IServiceResponse> ActivateSession(ServiceContext context, ActivateSessionRequest request, CancellationToken cancellationToken)
    {
        if (!sessions.TryFind(context.RequestHeader.AuthenticationToken, out var session))
        {
            throw new ServiceResultException(StatusCodes.BadSessionIdInvalid);
        }

        session!.BeginRequest(sessions.Now);
        try
        {
            // §5.6.3: the first activation must come over the channel that created the session; later ones may
            // come over a new channel and move the session to it.
            if (!session.IsActivated && session.ChannelId != context.ChannelId)
            {
                throw Reject(session, StatusCodes.BadSecureChannelIdInvalid);
            }

            var status = Authenticate(request.UserIdentityToken, out var userName);
            if (status != StatusCodes.Good)
            {
                throw Reject(session, status);
            }

            session.ServerNonce = RandomNumberGenerator.GetBytes(NonceLength);
            session.Activate(context.ChannelId, userName);
            Log.SessionActivated(logger, session.SessionId, context.ChannelId, userName is null ? "anonymous" : "user");
            return ValueTask.FromResult<IServiceResponse>(new ActivateSessionResponse
            {
                ServerNonce = session.ServerNonce,
                Results = [],
                DiagnosticInfos = [],
            });
        }
        finally
        {
            session.EndRequest(sessions.Now);
        }
    }

    private ValueTask<IServiceResponse> CloseSession(ServiceContext context, CloseSessionRequest request, CancellationToken cancellationToken)
    {
        var status = sessions.Validate(context.RequestHeader.AuthenticationToken, context.ChannelId, requireActivated: false, out var session);
        if (status != StatusCodes.Good)
        {
            throw new ServiceResultException(status);
        }

        sessions.Close(session!, request.DeleteSubscriptions, "closed by the client");
        return ValueTask.FromResult<IServiceResponse>(new CloseSessionResponse());
    }

    private ServiceResultException Reject(ServerSession session, uint status)
    {
        Log.ActivationRejected(logger, session.SessionId, StatusCodes.Name(status));
        return new ServiceResultException(status);
    }

    private uint Authenticate(ExtensionObject? token, out string? userName)
    {
        userName = null;

        // §5.6.3: a null identity token is the same as an anonymous one.
        if (token is null || token.Encoding == ExtensionObjectEncoding.None
            || ExtensionObjects.HasType(token, AnonymousIdentityToken.BinaryEncodingId))
        {
            if (ExtensionObjects.HasType(token, AnonymousIdentityToken.BinaryEncodingId)
                && (!ExtensionObjects.TryUnwrap<AnonymousIdentityToken>(token, AnonymousIdentityToken.BinaryEncodingId, out var anonymous)
                    || !PolicyMatches(anonymous!.PolicyId, EndpointCatalog.AnonymousPolicyId)))
            {
                return StatusCodes.BadIdentityTokenInvalid;
            }

            return options.AllowAnonymous ? StatusCodes.Good : StatusCodes.BadIdentityTokenRejected;
        }

        if (ExtensionObjects.TryUnwrap<UserNameIdentityToken>(token, UserNameIdentityToken.BinaryEncodingId, out var user))
        {
            if (options.Users.Count == 0 || !PolicyMatches(user!.PolicyId, EndpointCatalog.UserNamePolicyId))
            {
                return StatusCodes.BadIdentityTokenRejected;
            }

            if (!string.IsNullOrEmpty(user.EncryptionAlgorithm))
            {
                return StatusCodes.BadIdentityTokenInvalid; // Our policy is None: the password is never encrypted.
            }

            if (user.UserName is null || _throttle.IsLocked(user.UserName))
            {
                return StatusCodes.BadUserAccessDenied;
            }

            if (!options.Users.TryGetValue(user.UserName, out var expected)
                || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), user.Password ?? []))
            {
                _throttle.Failed(user.UserName);
                return StatusCodes.BadUserAccessDenied;
            }

            _throttle.Succeeded(user.UserName);
            userName = user.UserName;
            return StatusCodes.Good;
        }

        return StatusCodes.BadIdentityTokenInvalid;
    }

    private static bool PolicyMatches(string? policyId, string expected) => string.IsNullOrEmpty(policyId) || policyId == expected;
}
