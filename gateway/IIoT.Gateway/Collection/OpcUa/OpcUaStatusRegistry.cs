using System.Collections.Concurrent;

namespace IIoT.Gateway.Collection.OpcUa;

/// <summary>Per-endpoint status of the OPC UA intake, for the health endpoint.</summary>
internal sealed class OpcUaStatusRegistry
{
    private readonly ConcurrentDictionary<string, OpcUaEndpointStatus> _endpoints = new(StringComparer.Ordinal);

    public void Set(OpcUaEndpointStatus status) => _endpoints[status.Endpoint] = status;

    public OpcUaEndpointStatus? Get(string endpoint) => _endpoints.TryGetValue(endpoint, out var status) ? status : null;

    public IReadOnlyList<OpcUaEndpointStatus> All => [.. _endpoints.Values.OrderBy(s => s.Endpoint, StringComparer.Ordinal)];
}
