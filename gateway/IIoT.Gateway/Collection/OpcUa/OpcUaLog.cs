namespace IIoT.Gateway.Collection.OpcUa;

/// <summary>Log lines of the OPC UA intake (event ids 2200-2249). No passwords.</summary>
internal static partial class OpcUaLog
{
    [LoggerMessage(2200, LogLevel.Information, "OPC UA {Endpoint}: connecting to {Url} as {Identity}")]
    public static partial void Connecting(ILogger logger, string endpoint, string url, string identity);

    [LoggerMessage(2201, LogLevel.Information, "OPC UA {Endpoint}: connected ({Namespaces} namespaces)")]
    public static partial void Connected(ILogger logger, string endpoint, int namespaces);

    [LoggerMessage(2202, LogLevel.Warning, "OPC UA {Endpoint}: connection failed or lost; retrying in {Seconds:0.00} s")]
    public static partial void Retrying(ILogger logger, Exception? exception, string endpoint, double seconds);

    [LoggerMessage(2203, LogLevel.Information, "OPC UA {Endpoint}: group {Group}: {Monitored} items monitored, {Failed} failed (subscription {SubscriptionId}, publishing every {PublishingMs} ms)")]
    public static partial void GroupStarted(ILogger logger, string endpoint, string group, int monitored, int failed, uint subscriptionId, double publishingMs);

    [LoggerMessage(2204, LogLevel.Error, "OPC UA {Endpoint}: group {Group}: {Origin} is not monitored: {Status} ({Detail})")]
    public static partial void ItemFailed(ILogger logger, string endpoint, string group, string origin, string status, string detail);

    [LoggerMessage(2205, LogLevel.Warning, "OPC UA {Endpoint}: session {State}")]
    public static partial void SessionState(ILogger logger, string endpoint, string state);

    [LoggerMessage(2206, LogLevel.Error, "OPC UA {Endpoint}: data gap in subscription {SubscriptionId} ({Reason}): sequence numbers {First}..{Last}, {From:O} .. {To:O}, {Items} items affected; recorded in the loss ledger")]
    public static partial void Gap(ILogger logger, string endpoint, uint subscriptionId, string reason, uint first, uint last, DateTime from, DateTime to, int items);

    [LoggerMessage(2207, LogLevel.Error, "OPC UA {Endpoint}: writing notifications to the buffer failed; retrying, and what is not acknowledged stays with the server for Republish")]
    public static partial void PipelineFailed(ILogger logger, Exception exception, string endpoint);

    [LoggerMessage(2208, LogLevel.Information, "OPC UA {Endpoint}: stopped")]
    public static partial void Stopped(ILogger logger, string endpoint);

    [LoggerMessage(2209, LogLevel.Warning, "OPC UA {Endpoint}: group {Group}: re-resolved after the server restarted: {Added} items added, {Gone} gone")]
    public static partial void GroupResynced(ILogger logger, string endpoint, string group, int added, int gone);

    [LoggerMessage(2210, LogLevel.Information, "OPC UA {Endpoint}: session closed keeping its subscriptions, for the next run to take over")]
    public static partial void SessionClosedKeepingSubscriptions(ILogger logger, string endpoint);
}
