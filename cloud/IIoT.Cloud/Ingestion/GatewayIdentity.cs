using IIoT.Cloud.Storage;

namespace IIoT.Cloud.Ingestion;

/// <summary>Who sent a request, taken from its API key only (never from the payload, API-02).</summary>
internal sealed record GatewayIdentity(string GatewayId, StorageTarget Target);
