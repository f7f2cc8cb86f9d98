using Microsoft.Extensions.Logging;

namespace IIoT.Cloud;

/// <summary>All log messages of the cloud service; event ids 5000-5099 (ingestion), 3000-3099 (KPIs). Never log API keys or tokens.</summary>
internal static partial class Log
{
    [LoggerMessage(5000, LogLevel.Warning, "Authentication failed from {RemoteAddress}: {Reason}")]
    public static partial void AuthenticationFailed(ILogger logger, string? remoteAddress, string reason);

    [LoggerMessage(5001, LogLevel.Warning, "Gateway {GatewayId} sent a batch claiming to be {ClaimedGatewayId}")]
    public static partial void GatewayMismatch(ILogger logger, string gatewayId, string claimedGatewayId);

    [LoggerMessage(5002, LogLevel.Information, "Gateway {GatewayId} has too many requests in flight; answered 429")]
    public static partial void Throttled(ILogger logger, string gatewayId);

    [LoggerMessage(5003, LogLevel.Warning, "Refused a request of gateway {GatewayId} with {Status}: {Reason}")]
    public static partial void RequestRefused(ILogger logger, string gatewayId, int status, string reason);

    [LoggerMessage(5004, LogLevel.Warning, "Batch {Sequence} of gateway {GatewayId}: {Rejected} point(s) rejected, first: {FirstReason}")]
    public static partial void PointsRejected(ILogger logger, ulong sequence, string gatewayId, int rejected, string firstReason);

    [LoggerMessage(5005, LogLevel.Warning, "InfluxDB unavailable ({Failure}) for batch {Sequence} of gateway {GatewayId}: {Message}")]
    public static partial void InfluxUnavailable(ILogger logger, string failure, ulong sequence, string gatewayId, string message);

    [LoggerMessage(5006, LogLevel.Error, "InfluxDB refused the service's credentials; all writes fail until they are fixed: {Message}")]
    public static partial void InfluxUnauthorized(ILogger logger, string message);

    [LoggerMessage(5007, LogLevel.Debug, "Stored batch {Sequence} of gateway {GatewayId}: {Accepted} accepted, {Rejected} rejected")]
    public static partial void BatchStored(ILogger logger, ulong sequence, string gatewayId, uint accepted, int rejected);

    [LoggerMessage(5008, LogLevel.Information, "Batch {Sequence} of gateway {GatewayId} is an exact replay; not written again")]
    public static partial void DuplicateBatch(ILogger logger, ulong sequence, string gatewayId);

    [LoggerMessage(5009, LogLevel.Error, "Unexpected failure handling a batch of gateway {GatewayId}")]
    public static partial void Unexpected(ILogger logger, Exception exception, string gatewayId);

    [LoggerMessage(5010, LogLevel.Warning, "A loss record of gateway {GatewayId} was not stored: {Reason}")]
    public static partial void LossRecordNotStored(ILogger logger, string gatewayId, string reason);

    [LoggerMessage(5011, LogLevel.Warning, "Could not prepare the storage of tenant {TenantId} at start; it is retried on first write: {Message}")]
    public static partial void StoragePreparationFailed(ILogger logger, string tenantId, string message);

    [LoggerMessage(5012, LogLevel.Warning, "Too many authentication failures from {RemoteAddress}; its requests get 429 for {RetryAfterSeconds} s")]
    public static partial void AuthThrottled(ILogger logger, string? remoteAddress, int retryAfterSeconds);

    [LoggerMessage(5013, LogLevel.Warning, "Batch {Sequence} of gateway {GatewayId}: {Collisions} point(s) with the series and timestamp of an earlier point but a different value were rejected")]
    public static partial void SampleCollisions(ILogger logger, ulong sequence, string gatewayId, int collisions);

    [LoggerMessage(3000, LogLevel.Warning, "KPIs are computed only with InfluxV1 storage (InfluxQL); storage is {Kind}, so KPI computation is off")]
    public static partial void KpiStorageUnsupported(ILogger logger, string kind);

    [LoggerMessage(3001, LogLevel.Warning, "KPI cycle of tenant {TenantId} failed ({Failure}): {Message}; retrying in {RetrySeconds} s")]
    public static partial void KpiCycleFailed(ILogger logger, string tenantId, string failure, string message, double retrySeconds);

    [LoggerMessage(3002, LogLevel.Error, "Unexpected failure in the KPI cycle of tenant {TenantId}; retrying in {RetrySeconds} s")]
    public static partial void KpiCycleUnexpected(ILogger logger, Exception exception, string tenantId, double retrySeconds);

    [LoggerMessage(3003, LogLevel.Information, "KPI cycle of tenant {TenantId} succeeded again")]
    public static partial void KpiCycleRecovered(ILogger logger, string tenantId);

    [LoggerMessage(3004, LogLevel.Warning, "InfluxDB refused KPI points of database {Database}: {Reason}")]
    public static partial void KpiPointsRefused(ILogger logger, string database, string reason);

    [LoggerMessage(3005, LogLevel.Debug, "KPI cycle of tenant {TenantId}: {Buckets} bucket(s), {Points} KPI point(s) in {Milliseconds} ms")]
    public static partial void KpiCycleDone(ILogger logger, string tenantId, int buckets, int points, long milliseconds);

    [LoggerMessage(3006, LogLevel.Warning, "Tenant {TenantId} has more than {Limit} buckets waiting for a recompute; late data of the oldest ones is not folded in")]
    public static partial void KpiDirtyOverflow(ILogger logger, string tenantId, int limit);

    [LoggerMessage(3007, LogLevel.Information, "KPI computation is off (Cloud:Kpi:Enabled = false)")]
    public static partial void KpiDisabled(ILogger logger);
}
