namespace IIoT.Simulators.Mqtt;

/// <summary>One telemetry message: kept until the broker acknowledged it, so it can be re-sent after a reconnect.</summary>
internal sealed record SimulatedMessage(string Topic, byte[] Payload, int MachineIndex, long Sequence, long Tick);
