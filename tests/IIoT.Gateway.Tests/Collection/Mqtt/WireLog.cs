using MQTTnet;
using MQTTnet.Diagnostics.PacketInspection;

namespace IIoT.Gateway.Tests.Collection.Mqtt;

/// <summary>
/// Packet ids of inbound PUBLISH and outbound PUBACK packets, as the bytes went over the wire (MQTT 5 §3.3, §3.4).
/// </summary>
internal sealed class WireLog
{
    private readonly List<int> _publishes = [];
    private readonly List<int> _pubAcks = [];

    /// <summary>Most QoS 1 PUBLISH packets received and not yet acknowledged at any moment.</summary>
    public int MaxInFlight { get; private set; }

    public List<int> Publishes
    {
        get
        {
            lock (_publishes)
            {
                return [.. _publishes];
            }
        }
    }

    public List<int> PubAcks
    {
        get
        {
            lock (_publishes)
            {
                return [.. _pubAcks];
            }
        }
    }

    public void Attach(IMqttClient client) => client.InspectPacketAsync += e =>
    {
        Record(e.Direction, e.Buffer);
        return Task.CompletedTask;
    };

    private void Record(MqttPacketFlowDirection direction, byte[] packet)
    {
        var type = packet[0] >> 4;
        // Skip the fixed header: one type byte, then the Remaining Length varint.
        var position = 1;
        while ((packet[position++] & 0x80) != 0)
        {
        }
        lock (_publishes)
        {
            if (direction == MqttPacketFlowDirection.Inbound && type == 3 && ((packet[0] >> 1) & 3) > 0)
            {
                var topicLength = (packet[position] << 8) | packet[position + 1];
                position += 2 + topicLength;
                _publishes.Add((packet[position] << 8) | packet[position + 1]);
                MaxInFlight = Math.Max(MaxInFlight, _publishes.Count - _pubAcks.Count);
            }
            else if (direction == MqttPacketFlowDirection.Outbound && type == 4)
            {
                _pubAcks.Add((packet[position] << 8) | packet[position + 1]);
            }
        }
    }
}
