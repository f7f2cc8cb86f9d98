namespace IIoT.Gateway.Collection.OpcUa;

/// <summary>Log lines of the subscription store (event ids 2240-2249 of the OPC UA intake's range).</summary>
internal static partial class OpcUaSubscriptionStoreLog
{
    [LoggerMessage(2240, LogLevel.Information, "OPC UA {Endpoint}: group {Group}: subscription {SubscriptionId} of the previous run taken over; {Available} unacknowledged messages held by the server, {Republished} republished")]
    public static partial void TakenOver(ILogger logger, string endpoint, string group, uint subscriptionId, int available, int republished);

    [LoggerMessage(2241, LogLevel.Warning, "OPC UA {Endpoint}: group {Group}: subscription {SubscriptionId} of the previous run could not be taken over ({Status}); created anew as {NewId}, the time since {LostSince:O} is recorded as a gap")]
    public static partial void TakeoverRefused(ILogger logger, string endpoint, string group, uint subscriptionId, string status, uint newId, DateTime lostSince);

    [LoggerMessage(2242, LogLevel.Warning, "OPC UA {Endpoint}: group {Group}: the saved subscription in {Path} is unreadable; ignored")]
    public static partial void Unreadable(ILogger logger, Exception exception, string endpoint, string group, string path);

    [LoggerMessage(2243, LogLevel.Warning, "OPC UA {Endpoint}: group {Group}: saving the subscription to {Path} failed; a restart will create it anew")]
    public static partial void SaveFailed(ILogger logger, Exception exception, string endpoint, string group, string path);
}
