using IIoT.Contracts;

namespace IIoT.Cloud.Configuration;

/// <summary>Request limits (RELIABILITY.md C3).</summary>
public sealed class LimitsOptions
{
    public int MaxCompressedBytes { get; set; } = WireFormat.DefaultMaxCompressedBytes;

    public int MaxDecompressedBytes { get; set; } = WireFormat.DefaultMaxDecompressedBytes;

    public int MaxPointsPerBatch { get; set; } = WireFormat.DefaultMaxPointsPerBatch;

    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromMinutes(10);

    public TimeSpan MaxPastAge { get; set; } = TimeSpan.FromDays(3653);

    public int MaxConcurrentRequestsPerGateway { get; set; } = 2;

    /// <summary>API-01: failed authentications per remote address in one minute before it gets 429 until the minute ends.</summary>
    public int MaxAuthFailuresPerMinute { get; set; } = 30;
}
