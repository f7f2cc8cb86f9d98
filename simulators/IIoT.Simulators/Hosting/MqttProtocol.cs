namespace IIoT.Simulators.Hosting;

/// <summary>MQTT protocol version; binds from "V500"/"V311" (or 5 / 4, the protocol level numbers).</summary>
internal enum MqttProtocol
{
    V311 = 4,
    V500 = 5,
}
