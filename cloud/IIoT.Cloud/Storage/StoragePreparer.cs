using IIoT.Cloud.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IIoT.Cloud.Storage;

/// <summary>
/// Creates the tenants' databases once at start (Cloud:Storage:CreateDatabases). Best effort: InfluxDB may
/// still be starting, and the writer creates a database on its first use anyway, so a failure is only logged.
/// </summary>
internal sealed class StoragePreparer(IInfluxWriter writer, IOptions<CloudOptions> options, ILogger<StoragePreparer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var cloud = options.Value;
        foreach (var tenant in cloud.Tenants)
        {
            var target = cloud.Storage.Kind == StorageKind.InfluxV1 ? tenant.Database : tenant.Bucket;
            try
            {
                await writer.PrepareAsync(target!, stoppingToken).ConfigureAwait(false);
            }
            catch (InfluxUnavailableException e)
            {
                Log.StoragePreparationFailed(logger, tenant.Id, e.Message);
            }
        }
    }
}
