using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Server;

/// <summary>Discovery services (OPC 10000-4 §5.4): GetEndpoints and FindServers, without a session.</summary>
internal sealed class DiscoveryServiceSet(EndpointCatalog endpoints)
{
    public void Register(ServiceTable table)
    {
        table.Register<GetEndpointsRequest>(GetEndpointsRequest.BinaryEncodingId, GetEndpoints, requiresSession: false);
        table.Register<FindServersRequest>(FindServersRequest.BinaryEncodingId, FindServers, requiresSession: false);
    }

    private ValueTask<IServiceResponse> GetEndpoints(ServiceContext context, GetEndpointsRequest request, CancellationToken cancellationToken)
    {
        // §5.4.4: ProfileUris filters by transport profile; an empty list means all.
        var profiles = request.ProfileUris;
        var matches = profiles is not { Length: > 0 } || Array.IndexOf(profiles, EndpointCatalog.TransportProfileUri) >= 0;
        return ValueTask.FromResult<IServiceResponse>(new GetEndpointsResponse { Endpoints = matches ? [endpoints.Endpoint] : [] });
    }

    private ValueTask<IServiceResponse> FindServers(ServiceContext context, FindServersRequest request, CancellationToken cancellationToken)
    {
        var uris = request.ServerUris;
        var matches = uris is not { Length: > 0 } || Array.IndexOf(uris, endpoints.Application.ApplicationUri) >= 0;
        return ValueTask.FromResult<IServiceResponse>(new FindServersResponse { Servers = matches ? [endpoints.Application] : [] });
    }
}
