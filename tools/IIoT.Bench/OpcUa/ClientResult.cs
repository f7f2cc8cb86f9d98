using System.Text.Json.Serialization;

namespace IIoT.Bench.OpcUa;

/// <summary>What one client process prints as "RESULT {json}"; node-subscriber.js prints the same fields.</summary>
internal sealed record ClientResult
{
    [JsonPropertyName("client")] public string Client { get; init; } = "";

    [JsonPropertyName("items")] public int Items { get; init; }

    [JsonPropertyName("active")] public int Active { get; init; }

    [JsonPropertyName("failed")] public int Failed { get; init; }

    /// <summary>Status name of the first failed item, if any.</summary>
    [JsonPropertyName("firstFailure")] public string? FirstFailure { get; init; }

    [JsonPropertyName("createSeconds")] public double CreateSeconds { get; init; }

    /// <summary>Values received in the measured window.</summary>
    [JsonPropertyName("notifications")] public long Notifications { get; init; }

    [JsonPropertyName("seconds")] public double Seconds { get; init; }

    /// <summary>CPU (user + system, all threads) of the client process in the window, from /proc/self/stat.</summary>
    [JsonPropertyName("cpuSeconds")] public double CpuSeconds { get; init; }

    /// <summary>VmRSS at the end of the window.</summary>
    [JsonPropertyName("rssMb")] public double RssMb { get; init; }

    /// <summary>VmHWM: the highest RSS of the process so far (includes the creation burst).</summary>
    [JsonPropertyName("peakRssMb")] public double PeakRssMb { get; init; }

    /// <summary>Sequence gaps or other anomalies the client saw (0 expected).</summary>
    [JsonPropertyName("gaps")] public long Gaps { get; init; }

    [JsonIgnore] public double PerSecond => Seconds > 0 ? Notifications / Seconds : 0;

    [JsonIgnore] public double CpuPerMillion => Notifications > 0 ? CpuSeconds * 1e6 / Notifications : double.NaN;
}
