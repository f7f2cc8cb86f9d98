using System.Diagnostics.Metrics;

namespace IIoT.Gateway.Collection.Mqtt;

/// <summary>The MQTT intake's instruments; every measurement carries the broker name as "broker".</summary>
internal static class MqttMetrics
{
    public static readonly Counter<long> MessagesReceived = GatewayMeter.Meter.CreateCounter<long>(
        "iiot.gateway.mqtt.messages.received", "{message}", "MQTT messages received from the broker");

    public static readonly Counter<long> MessagesAcknowledged = GatewayMeter.Meter.CreateCounter<long>(
        "iiot.gateway.mqtt.messages.acknowledged", "{message}", "MQTT messages acknowledged after they were durable");

    public static readonly Counter<long> PointsMapped = GatewayMeter.Meter.CreateCounter<long>(
        "iiot.gateway.mqtt.points.mapped", "{point}", "Points mapped from MQTT messages");

    public static readonly Counter<long> DeadLetters = GatewayMeter.Meter.CreateCounter<long>(
        "iiot.gateway.mqtt.dead_letters", "{message}", "MQTT messages dead-lettered, by reason");

    public static readonly Counter<long> Reconnects = GatewayMeter.Meter.CreateCounter<long>(
        "iiot.gateway.mqtt.reconnects", "{reconnect}", "Reconnect attempts after a lost or failed connection");

    public static readonly Counter<long> SessionsLost = GatewayMeter.Meter.CreateCounter<long>(
        "iiot.gateway.mqtt.sessions.lost", "{session}", "Reconnects on which the broker had no session (a gap is possible)");

    public static readonly UpDownCounter<long> Connected = GatewayMeter.Meter.CreateUpDownCounter<long>(
        "iiot.gateway.mqtt.connected", "{connection}", "1 while connected to the broker");
}
