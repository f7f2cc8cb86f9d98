using System.Diagnostics;
using System.Diagnostics.Metrics;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Server;

/// <summary>
/// Counters of the server (System.Diagnostics.Metrics, meter "IIoT.OpcUa.Server"): requests by service and result,
/// refused connections, and gauges of open connections and sessions.
/// </summary>
internal sealed class ServerMetrics : IDisposable
{
    public const string MeterName = "IIoT.OpcUa.Server";

    private readonly Counter<long> _requests;
    private readonly Counter<long> _refused;

    public ServerMetrics(IMeterFactory? meterFactory, Func<int> connections, Func<int> sessions)
    {
        Meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _requests = Meter.CreateCounter<long>("opcua.server.requests", "{request}", "Service requests answered, by service and service result");
        _refused = Meter.CreateCounter<long>("opcua.server.connections_refused", "{connection}", "TCP connections refused because MaxConnections were open");
        Meter.CreateObservableGauge("opcua.server.connections", connections, "{connection}", "Open TCP connections");
        Meter.CreateObservableGauge("opcua.server.sessions", sessions, "{session}", "Sessions, activated or not");
    }

    public Meter Meter { get; }

    public void Request(string service, uint status) =>
        _requests.Add(1, new TagList { { "service", service }, { "status", StatusCodes.Name(status & 0xFFFF0000) } });

    public void Refused() => _refused.Add(1);

    public void Dispose() => Meter.Dispose();
}
