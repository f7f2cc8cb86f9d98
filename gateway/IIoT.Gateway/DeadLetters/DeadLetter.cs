namespace IIoT.Gateway.DeadLetters;

/// <summary>
/// Something the gateway could not deliver and keeps for an engineer: an MQTT payload no rule could read, or points
/// the cloud rejected.
/// </summary>
/// <param name="Source">The intake, e.g. "mqtt:line1" or "uplink".</param>
/// <param name="Reason">A short machine-readable reason, e.g. "malformed_json", "unmapped", "uplink_rejected".</param>
/// <param name="Topic">The MQTT topic, if there is one.</param>
/// <param name="Payload">The bytes as received; stored as text when they are UTF-8, otherwise as base64.</param>
/// <param name="Detail">What exactly was wrong, for a person.</param>
internal sealed record DeadLetter(string Source, string Reason, string? Topic, ReadOnlyMemory<byte> Payload, string Detail);
