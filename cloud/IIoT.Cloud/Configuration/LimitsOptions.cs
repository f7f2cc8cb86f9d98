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
}
