namespace IIoT.Gateway.Collection.Mqtt;

/// <summary>How a payload states the time its values were measured.</summary>
public enum TimestampFormat
{
    UnixMilliseconds,
    UnixSeconds,
    UnixMicroseconds,
    UnixNanoseconds,
    Iso8601,
}
