using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using IIoT.Contracts;
using IIoT.Contracts.V1;
using IIoT.Gateway.Uplink;

namespace IIoT.Bench;

/// <summary>BenchmarkDotNet runs of the per-point hot paths (`bench micro`).</summary>
internal static class MicroBenchmarks
{
    public static int Run(string[] args)
    {
        var config = ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
        BenchmarkSwitcher.FromTypes([typeof(UplinkEncodingBenchmarks), typeof(OpcUaCodecBenchmarks)]).Run(args.Length == 0 ? ["--filter", "*"] : args, config);
        return 0;
    }
}

[MemoryDiagnoser]
public class UplinkEncodingBenchmarks
{
    private QueuedRecord[] _records = [];
    private Point _point = new();
    private readonly BatchEncoder _encoder = new();

    [GlobalSetup]
    public void Setup()
    {
        _point = new Point
        {
            Asset = new AssetPath { Site = "plant1", Area = "assembly", Line = "line1", Machine = "m01" },
            Signal = "temperature_c",
            DoubleValue = 61.25,
            SourceTimeNs = 1_764_133_200_123_000_000,
            ReceiveTimeNs = 1_764_133_200_125_000_000,
            Unit = "degC",
            Source = "mqtt:line1",
        };
        _records = Enumerable.Range(0, 5000).Select(i => new QueuedRecord((ulong)i, BatchFraming.Frame(_point))).ToArray();
    }

    [Benchmark(Description = "Frame one point for the buffer")]
    public byte[] FramePoint() => BatchFraming.Frame(_point);

    [Benchmark(Description = "Encode + gzip a 5,000-point batch", OperationsPerInvoke = 5000)]
    public int EncodeBatch() => _encoder.Encode("gw-01", 1, 0, _records, 0, _records.Length).Length;
}
