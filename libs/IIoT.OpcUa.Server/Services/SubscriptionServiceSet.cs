using IIoT.OpcUa.Stack.Services;
using System.Collections.Concurrent;
using IIoT.OpcUa.Server.Subscriptions;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;
using Microsoft.Extensions.Logging;

namespace IIoT.OpcUa.Server;

/// <summary>
/// The Subscription and MonitoredItem service sets (OPC 10000-4 §5.12, §5.13): the service table's side of the
/// <see cref="SubscriptionEngine"/>. Owns the engine; ends a session's subscriptions when the session ends.
/// </summary>
internal sealed class SubscriptionServiceSet : ISubscriptionServiceRegistry, IAsyncDisposable
{
    private readonly OpcUaServerOptions _options;
    private readonly SubscriptionEngine _engine;
    // The user behind every session that used a subscription service ("" for anonymous), kept after the session ends:
    // TransferSubscriptions of an orphaned subscription must still check that the new session has the same user.
    private readonly ConcurrentDictionary<NodeId, string> _users = new();
    private ServiceTable? _table;
    private long _publishPausedUntilTicks; // UTC ticks of the options' TimeProvider; 0 = not paused

    public SubscriptionServiceSet(OpcUaServerOptions options, AddressSpace addressSpace, ILoggerFactory loggers)
    {
        _options = options;
        _engine = new SubscriptionEngine(new AddressSpaceNodeSource(addressSpace), options.Subscriptions, options.TimeProvider,
            loggers.CreateLogger<SubscriptionEngine>(), options.MeterFactory);
    }

    public SubscriptionEngine Engine => _engine;

    public void Register(ServiceTable table)
    {
        _table = table;
        try
        {
            SubscriptionServices.RegisterAll(_engine, this, SameUser);
        }
        finally
        {
            _table = null;
        }
    }

    void ISubscriptionServiceRegistry.Register<TRequest>(uint requestEncodingId, Func<NodeId, TRequest, CancellationToken, ValueTask<IServiceResponse>> handler)
    {
        var table = _table ?? throw new InvalidOperationException("Register is only called from SubscriptionServiceSet.Register.");
        table.Register<TRequest>(requestEncodingId, (context, request, cancellationToken) =>
        {
            var session = context.RequiredSession;
            _users[session.SessionId] = session.UserName ?? "";
            if (request is CreateMonitoredItemsRequest { ItemsToCreate.Length: var count } && count > _options.MaxMonitoredItemsPerCall)
            {
                throw new ServiceResultException(StatusCodes.BadTooManyOperations);
            }

            return request is PublishRequest
                ? HoldWhilePausedAsync(handler(session.SessionId, request, cancellationToken), cancellationToken)
                : handler(session.SessionId, request, cancellationToken);
        }, requiresSession: true);
    }

    /// <summary>
    /// Fault injection: no Publish response leaves the server until <paramref name="duration"/> has passed (the
    /// requests are queued and answered afterwards, so nothing is lost; clients see missed keep-alives). Other
    /// services keep answering. A later call replaces the end of the pause; <see cref="TimeSpan.Zero"/> ends it.
    /// </summary>
    public void PausePublish(TimeSpan duration)
    {
        var until = duration <= TimeSpan.Zero ? 0 : _options.TimeProvider.GetUtcNow().UtcTicks + duration.Ticks;
        Interlocked.Exchange(ref _publishPausedUntilTicks, until);
    }

    private async ValueTask<IServiceResponse> HoldWhilePausedAsync(ValueTask<IServiceResponse> answer, CancellationToken cancellationToken)
    {
        var response = await answer.ConfigureAwait(false);
        while (true)
        {
            var left = Interlocked.Read(ref _publishPausedUntilTicks) - _options.TimeProvider.GetUtcNow().UtcTicks;
            if (left <= 0)
            {
                return response;
            }

            await Task.Delay(TimeSpan.FromTicks(Math.Min(left, TimeSpan.TicksPerMillisecond * 100)), _options.TimeProvider, cancellationToken)
                .ConfigureAwait(false);
        }
    }

    public void OnSessionClosed(ServerSession session, bool deleteSubscriptions)
    {
        _engine.CloseSession(session.SessionId, deleteSubscriptions);
        if (deleteSubscriptions)
        {
            // Nothing of the session is left to transfer. After a timeout the entry stays for the orphans' lifetime.
            _users.TryRemove(session.SessionId, out _);
        }
    }

    public ValueTask DisposeAsync() => _engine.DisposeAsync();

    /// <summary>
    /// TransferSubscriptions (OPC 10000-4 §5.14.7.1): a named user may take over its own subscriptions. An anonymous
    /// one only on a signed channel with the same ApplicationUri; this server offers SecurityPolicy None only, so
    /// anonymous subscriptions are never transferred (Bad_UserAccessDenied) and the client recreates them.
    /// </summary>
    private bool SameUser(NodeId target, NodeId owner) =>
        _users.TryGetValue(target, out var targetUser) && _users.TryGetValue(owner, out var ownerUser)
        && targetUser.Length > 0 && targetUser == ownerUser;
}
