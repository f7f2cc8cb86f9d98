namespace IIoT.Gateway.Collection.Mqtt;

/// <summary>Log lines of the MQTT intake (event ids 2000-2079; the dead-letter store has 2080-2099). No passwords.</summary>
internal static partial class MqttLog
{
    [LoggerMessage(2000, LogLevel.Information, "MQTT {Broker}: connecting to {Host}:{Port} ({Protocol}, client id {ClientId}, user {UserName}, TLS {Tls})")]
    public static partial void Connecting(ILogger logger, string broker, string host, int port, MqttProtocol protocol, string clientId, string? userName, bool tls);

    [LoggerMessage(2001, LogLevel.Information, "MQTT {Broker}: connected, session present {SessionPresent}")]
    public static partial void Connected(ILogger logger, string broker, bool sessionPresent);

    [LoggerMessage(2002, LogLevel.Warning, "MQTT {Broker}: the broker had no session for client id {ClientId} on reconnect; messages published while the gateway was away may be lost (gap possible)")]
    public static partial void SessionLost(ILogger logger, string broker, string clientId);

    [LoggerMessage(2003, LogLevel.Warning, "MQTT {Broker}: connection failed or lost; reconnecting in {Seconds:0.00} s")]
    public static partial void Reconnecting(ILogger logger, Exception? exception, string broker, double seconds);

    [LoggerMessage(2004, LogLevel.Information, "MQTT {Broker}: subscribed to {Topic} ({Result})")]
    public static partial void Subscribed(ILogger logger, string broker, string topic, string result);

    [LoggerMessage(2005, LogLevel.Error, "MQTT {Broker}: the broker refused the subscription to {Topic} ({Result})")]
    public static partial void SubscriptionRefused(ILogger logger, string broker, string topic, string result);

    [LoggerMessage(2006, LogLevel.Error, "MQTT {Broker}: subscribing or writing received messages failed; what is not acknowledged stays with the broker, which redelivers it after the reconnect")]
    public static partial void PipelineFailed(ILogger logger, Exception exception, string broker);

    [LoggerMessage(2007, LogLevel.Information, "MQTT {Broker}: stopped")]
    public static partial void Stopped(ILogger logger, string broker);

    [LoggerMessage(2008, LogLevel.Warning, "MQTT {Broker}: the connection was lost ({Reason})")]
    public static partial void ConnectionLost(ILogger logger, string broker, string reason);

    [LoggerMessage(2009, LogLevel.Information, "MQTT {Broker}: new session (no earlier session on the broker)")]
    public static partial void NewSession(ILogger logger, string broker);
}
