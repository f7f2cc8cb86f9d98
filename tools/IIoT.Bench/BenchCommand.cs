using IIoT.Bench.Buffer;
using IIoT.Bench.GatewayOpcUa;
using IIoT.Bench.OpcUa;
using IIoT.Bench.OpcUaLatency;
using IIoT.Bench.Pipeline;

namespace IIoT.Bench;

/// <summary>`bench [all|influx|pipeline|buffer|micro|opcua|gateway-opcua|opcua-latency] [--points N]`: every figure is printed next to a peer measured in the same run.</summary>
internal static class BenchCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var what = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "all";
        var rest = what == "all" && (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal)) ? args : args[1..];
        switch (what)
        {
            case "buffer":
                return await BufferBenchmark.RunAsync(rest);
            case "pipeline":
            case "influx":
                return await PipelineBenchmark.RunAsync(what, rest);
            case "micro":
                return MicroBenchmarks.Run(rest);
            case "opcua":
                return await OpcUaBenchmark.RunAsync(rest);
            case "gateway-opcua":
                return await GatewayOpcUaBenchmark.RunAsync(rest);
            case "opcua-latency":
                return await OpcUaLatencyBenchmark.RunAsync(rest);
            case "opcua-server": // child processes of `opcua`
                return await BenchServer.RunAsync(rest);
            case "opcua-client":
                return await BenchClient.RunAsync(rest);
            case "all":
                var failed = await BufferBenchmark.RunAsync(rest);
                failed |= await PipelineBenchmark.RunAsync("pipeline", rest);
                return failed;
            default:
                Console.Error.WriteLine("usage: bench [all|influx|pipeline|buffer|micro|opcua|gateway-opcua|opcua-latency] [--points N]; " + OpcUaBenchmark.Usage + "\n" +
                                        GatewayOpcUaBenchmark.Usage + "\n" + OpcUaLatencyBenchmark.Usage);
                return 2;
        }
    }
}
