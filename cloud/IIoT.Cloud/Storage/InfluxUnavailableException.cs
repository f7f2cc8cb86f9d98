namespace IIoT.Cloud.Storage;

/// <summary>InfluxDB could not take the write for a reason that is not the gateway's fault: answer 503.</summary>
internal sealed class InfluxUnavailableException(InfluxFailure failure, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public InfluxFailure Failure { get; } = failure;
}
