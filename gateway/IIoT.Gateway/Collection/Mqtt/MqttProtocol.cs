namespace IIoT.Gateway.Collection.Mqtt;

/// <summary>The MQTT protocol version spoken to one broker.</summary>
public enum MqttProtocol
{
    V500,
    V311,
}
