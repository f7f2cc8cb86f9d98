using IIoT.Gateway.Buffering;
using IIoT.Gateway.Collection.OpcUa;
using IIoT.Gateway.Uplink;
using Microsoft.Extensions.Options;

namespace IIoT.Gateway.Hosting;

/// <summary>GET /healthz: is the gateway collecting, and is the uplink getting through.</summary>
internal static class HealthEndpoint
{
    public static void MapGatewayHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", (DurableBuffer buffer, UplinkStatus uplink, CloudClient client, IOptions<GatewayOptions> gateway, TimeProvider clock,
            OpcUaStatusRegistry opcUa) =>
        {
            var stats = buffer.Stats;
            var link = uplink.Read();
            var status = link.Unauthorized ? "unauthorized" : link.ConsecutiveFailures > 0 ? "degraded" : "healthy";
            // 200 whenever the process can buffer: an unreachable cloud is what the buffer is for.
            return Results.Json(new
            {
                status,
                gateway = gateway.Value.Id,
                buffer = new
                {
                    records = stats.RecordCount,
                    bytes = stats.Bytes,
                    oldestAgeSeconds = stats.OldestUnackedAppendedAt is { } oldest ? (clock.GetUtcNow() - oldest).TotalSeconds : 0,
                    dropped = stats.DroppedRecords,
                    corrupt = stats.CorruptRecords,
                },
                uplink = new
                {
                    url = client.CurrentUrl,
                    lastSuccess = link.LastSuccess,
                    lastError = link.LastError,
                    consecutiveFailures = link.ConsecutiveFailures,
                    unauthorized = link.Unauthorized,
                },
                // Each OPC UA endpoint: connected or not, items monitored and failed (also at /healthz/opcua).
                opcUa = opcUa.All,
            });
        });
    }
}
