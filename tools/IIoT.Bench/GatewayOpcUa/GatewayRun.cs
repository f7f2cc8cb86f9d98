namespace IIoT.Bench.GatewayOpcUa;

/// <summary>The gateway's figures in the measured window (Error set when it did not get there).</summary>
internal sealed record GatewayRun(
    double Monitored = 0, double Failed = 0, double Values = 0, double Records = 0, double Seconds = 0, double Cpu = 0,
    double RssStart = 0, double RssPeak = 0, double RssEnd = 0, double HighWater = 0, double BufferMb = 0, double Dropped = 0,
    string? Warnings = null, string? Error = null);
