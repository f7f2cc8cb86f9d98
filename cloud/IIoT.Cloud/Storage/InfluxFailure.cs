namespace IIoT.Cloud.Storage;

internal enum InfluxFailure
{
    Unreachable,
    TimedOut,
    ServerError,
    Unauthorized,
    NotFound,
}
