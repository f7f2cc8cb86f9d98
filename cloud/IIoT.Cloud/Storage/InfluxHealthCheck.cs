using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IIoT.Cloud.Storage;

/// <summary>/healthz: healthy only while InfluxDB answers its ping.</summary>
internal sealed class InfluxHealthCheck(IInfluxWriter writer) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await writer.PingAsync(cancellationToken).ConfigureAwait(false)
            ? HealthCheckResult.Healthy("InfluxDB answers.")
            : HealthCheckResult.Unhealthy("InfluxDB does not answer.");
}
