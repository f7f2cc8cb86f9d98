using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using IIoT.Cloud.Configuration;
using Microsoft.Extensions.Options;

namespace IIoT.Cloud.Ingestion;

/// <summary>At most N requests of one gateway at a time (API-06, C3); other gateways are unaffected.</summary>
internal sealed class GatewayConcurrencyLimiter(IOptions<CloudOptions> options)
{
    private readonly int _max = options.Value.Limits.MaxConcurrentRequestsPerGateway;
    private readonly ConcurrentDictionary<string, StrongBox<int>> _inFlight = new(StringComparer.Ordinal);

    public bool TryEnter(string gatewayId)
    {
        var count = _inFlight.GetOrAdd(gatewayId, static _ => new StrongBox<int>());
        if (Interlocked.Increment(ref count.Value) <= _max)
        {
            return true;
        }
        Interlocked.Decrement(ref count.Value);
        return false;
    }

    /// <summary>Requests of one gateway being handled now.</summary>
    public int InFlight(string gatewayId) => _inFlight.TryGetValue(gatewayId, out var count) ? Volatile.Read(ref count.Value) : 0;

    public void Exit(string gatewayId)
    {
        if (_inFlight.TryGetValue(gatewayId, out var count))
        {
            Interlocked.Decrement(ref count.Value);
        }
    }
}
