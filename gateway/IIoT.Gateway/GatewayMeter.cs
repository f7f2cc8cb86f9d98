using System.Diagnostics.Metrics;

namespace IIoT.Gateway;

/// <summary>The gateway's one meter; its instruments are exported at /metrics in Prometheus format.</summary>
internal static class GatewayMeter
{
    public const string Name = "IIoT.Gateway";

    public static readonly Meter Meter = new(Name);
}
