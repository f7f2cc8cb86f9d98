using System.Globalization;

namespace IIoT.Bench.OpcUa;

/// <summary>The subscription both clients make in one run, as command-line arguments shared by both.</summary>
internal sealed record ClientSettings(int Count, int SamplingMs, int PublishingMs, int QueueSize, int PerCall, double WarmupSeconds, double Seconds)
{
    public IEnumerable<string> Arguments() =>
    [
        "--count", Text(Count),
        "--sampling-ms", Text(SamplingMs),
        "--publishing-ms", Text(PublishingMs),
        "--queue-size", Text(QueueSize),
        "--per-call", Text(PerCall),
        "--warmup-seconds", Text(WarmupSeconds),
        "--seconds", Text(Seconds),
    ];

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
