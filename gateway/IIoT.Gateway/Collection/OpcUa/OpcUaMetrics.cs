using System.Diagnostics.Metrics;

namespace IIoT.Gateway.Collection.OpcUa;

/// <summary>The OPC UA intake's instruments; every measurement carries the endpoint name as "endpoint".</summary>
internal static class OpcUaMetrics
{
    public static readonly Counter<long> ValuesReceived = GatewayMeter.Meter.CreateCounter<long>(
        "iiot.gateway.opcua.values.received", "{value}", "Data change notifications received and made durable");

    public static readonly Counter<long> ValuesDuplicate = GatewayMeter.Meter.CreateCounter<long>(
        "iiot.gateway.opcua.values.duplicate", "{value}", "Values dropped because they repeat the last stored value of the item (same source timestamp, value and status)");

    public static readonly Counter<long> MessagesAcknowledged = GatewayMeter.Meter.CreateCounter<long>(
        "iiot.gateway.opcua.messages.acknowledged", "{message}", "Notification messages acknowledged after they were durable");

    public static readonly UpDownCounter<long> ItemsMonitored = GatewayMeter.Meter.CreateUpDownCounter<long>(
        "iiot.gateway.opcua.items.monitored", "{item}", "Configured items monitored on the server");

    public static readonly UpDownCounter<long> ItemsFailed = GatewayMeter.Meter.CreateUpDownCounter<long>(
        "iiot.gateway.opcua.items.failed", "{item}", "Configured items not monitored (configuration error or refused by the server)");

    public static readonly Counter<long> Reconnects = GatewayMeter.Meter.CreateCounter<long>(
        "iiot.gateway.opcua.reconnects", "{reconnect}", "Reconnects after a lost or failed connection");

    public static readonly Counter<long> Gaps = GatewayMeter.Meter.CreateCounter<long>(
        "iiot.gateway.opcua.gaps", "{gap}", "Notification gaps the server could not give back (recorded in the loss ledger)");

    public static readonly UpDownCounter<long> Connected = GatewayMeter.Meter.CreateUpDownCounter<long>(
        "iiot.gateway.opcua.connected", "{connection}", "1 while a session to the endpoint is up");
}
