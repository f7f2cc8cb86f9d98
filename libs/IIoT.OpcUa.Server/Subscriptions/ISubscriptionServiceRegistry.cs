using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Server.Subscriptions;

/// <summary>
/// What <see cref="SubscriptionServices.RegisterAll"/> needs from the server's service table, so this project does not
/// depend on the server: the server adapts it with a few lines (session id from the validated session).
/// </summary>
public interface ISubscriptionServiceRegistry
{
    /// <summary>Registers a session-bound handler; it receives the id of the activated session that sent the request.</summary>
    void Register<TRequest>(uint requestEncodingId, Func<NodeId, TRequest, CancellationToken, ValueTask<IServiceResponse>> handler)
        where TRequest : class, IServiceRequest, IEncodeable<TRequest>;
}
