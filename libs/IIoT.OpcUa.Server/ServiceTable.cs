using IIoT.OpcUa.Stack.Services;
using System.Collections.Frozen;
using IIoT.OpcUa.Stack.SecureChannel;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;
using Microsoft.Extensions.Logging;

namespace IIoT.OpcUa.Server;

/// <summary>
/// Routes each request by its encoding id to a handler, like open62541's service table. The table decodes the
/// request, checks the session where the service needs one (activated and bound to this channel), stamps the
/// ResponseHeader, and turns every failure into a ServiceFault: unknown service -> BadServiceUnsupported,
/// undecodable -> BadDecodingError / BadEncodingLimitsExceeded, a handler bug -> BadInternalError (logged). A bad
/// request never ends the channel. Register everything before the server starts; the table is frozen then.
/// </summary>
public sealed class ServiceTable
{
    private readonly Dictionary<uint, ServiceEntry> _entries = [];
    private FrozenDictionary<uint, ServiceEntry>? _frozen;
    private SessionManager? _sessions;
    private ServerMetrics? _metrics;
    private ILogger _logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
    private EncodingLimits _limits = EncodingLimits.Default;
    private TimeProvider _time = TimeProvider.System;

    /// <summary>
    /// Adds the handler for requests of type <typeparamref name="TRequest"/> (their DefaultBinary encoding id).
    /// With <paramref name="requiresSession"/> the handler runs only for an activated session bound to the channel
    /// and gets it in <see cref="ServiceContext.Session"/>; otherwise the session is not checked.
    /// </summary>
    public void Register<TRequest>(uint requestEncodingId, Func<ServiceContext, TRequest, CancellationToken, ValueTask<IServiceResponse>> handler, bool requiresSession)
        where TRequest : class, IServiceRequest, IEncodeable<TRequest>
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (_frozen is not null)
        {
            throw new InvalidOperationException("Services must be registered before the server starts.");
        }

        _entries[requestEncodingId] = new ServiceEntry<TRequest>(handler, requiresSession);
    }

    public bool IsRegistered(uint requestEncodingId) => _entries.ContainsKey(requestEncodingId);

    internal void Freeze(SessionManager sessions, ServerMetrics metrics, ILogger logger, EncodingLimits limits, TimeProvider time)
    {
        _sessions = sessions;
        _metrics = metrics;
        _logger = logger;
        _limits = limits;
        _time = time;
        _frozen = _entries.ToFrozenDictionary();
    }

    /// <summary>Handles one request body (after the encoding id); always returns a response, never throws but cancellation.</summary>
    internal async ValueTask<IEncodeable> DispatchAsync(uint channelId, uint encodingId, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var entries = _frozen ?? throw new InvalidOperationException("The table is not in use by a server.");
        if (!entries.TryGetValue(encodingId, out var entry))
        {
            Log.ServiceUnsupported(_logger, encodingId, channelId);
            _metrics?.Request("unknown", StatusCodes.BadServiceUnsupported);
            return Fault(StatusCodes.BadServiceUnsupported, 0);
        }

        var response = await DispatchAsync(entry, channelId, body, cancellationToken).ConfigureAwait(false);
        _metrics?.Request(entry.Name, response.ResponseHeader.ServiceResult.Code);
        return response;
    }

    private async ValueTask<IServiceResponse> DispatchAsync(ServiceEntry entry, uint channelId, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        IServiceRequest request;
        try
        {
            request = entry.Decode(body, _limits);
        }
        catch (UaDecodingException e)
        {
            Log.RequestUndecodable(_logger, entry.Name, channelId, e.StatusCode.Name, e.Message);
            return Fault(e.StatusCode.Code == StatusCodes.BadEncodingLimitsExceeded ? StatusCodes.BadEncodingLimitsExceeded : StatusCodes.BadDecodingError, 0);
        }

        var header = request.RequestHeader;
        ServerSession? session = null;
        if (entry.RequiresSession)
        {
            var status = _sessions!.Validate(header.AuthenticationToken, channelId, requireActivated: true, out session);
            if (status != StatusCodes.Good)
            {
                Log.SessionRejected(_logger, entry.Name, channelId, StatusCodes.Name(status));
                return Fault(status, header.RequestHandle);
            }

            session!.BeginRequest(_sessions.Now);
        }

        // A request of a session that closes meanwhile ends with BadSessionClosed (OPC 10000-4 §5.7.1).
        using var linked = session is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, session.Closed);
        try
        {
            var response = await entry.InvokeAsync(new ServiceContext(session, channelId, header), request, linked?.Token ?? cancellationToken)
                .ConfigureAwait(false);
            var responseHeader = response.ResponseHeader;
            responseHeader.RequestHandle = header.RequestHandle;
            responseHeader.Timestamp = Now();
            return response;
        }
        catch (ServiceResultException e)
        {
            return Fault(e.StatusCode, header.RequestHandle);
        }
        catch (UaDecodingException e)
        {
            // A structure inside the request (an ExtensionObject body) decoded by the handler.
            return Fault(e.StatusCode.Code == StatusCodes.BadEncodingLimitsExceeded ? StatusCodes.BadEncodingLimitsExceeded : StatusCodes.BadDecodingError,
                header.RequestHandle);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (session is { IsClosed: true })
        {
            return Fault(StatusCodes.BadSessionClosed, header.RequestHandle);
        }
        catch (Exception e)
        {
            Log.HandlerFailed(_logger, e, entry.Name, channelId);
            return Fault(StatusCodes.BadInternalError, header.RequestHandle);
        }
        finally
        {
            session?.EndRequest(_sessions!.Now);
        }
    }

    internal ServiceFault Fault(uint status, uint requestHandle) => new()
    {
        ResponseHeader = new ResponseHeader { ServiceResult = new StatusCode(status), RequestHandle = requestHandle, Timestamp = Now() },
    };

    private UaDateTime Now() => UaDateTime.FromDateTime(_time.GetUtcNow().UtcDateTime);

    private abstract class ServiceEntry(bool requiresSession)
    {
        public bool RequiresSession { get; } = requiresSession;

        public abstract string Name { get; }

        public abstract IServiceRequest Decode(ReadOnlyMemory<byte> body, EncodingLimits limits);

        public abstract ValueTask<IServiceResponse> InvokeAsync(ServiceContext context, IServiceRequest request, CancellationToken cancellationToken);
    }

    private sealed class ServiceEntry<TRequest>(Func<ServiceContext, TRequest, CancellationToken, ValueTask<IServiceResponse>> handler, bool requiresSession)
        : ServiceEntry(requiresSession)
        where TRequest : class, IServiceRequest, IEncodeable<TRequest>
    {
        public override string Name { get; } = typeof(TRequest).Name;

        public override IServiceRequest Decode(ReadOnlyMemory<byte> body, EncodingLimits limits)
        {
            var reader = new UaBinaryReader(body.Span, limits);
            return TRequest.Decode(ref reader);
        }

        public override ValueTask<IServiceResponse> InvokeAsync(ServiceContext context, IServiceRequest request, CancellationToken cancellationToken) =>
            handler(context, (TRequest)request, cancellationToken);
    }
}
