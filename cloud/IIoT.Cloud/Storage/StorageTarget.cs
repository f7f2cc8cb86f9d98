namespace IIoT.Cloud.Storage;

/// <summary>Where one tenant's data goes: its own database (1.x) or bucket (2.x), never another tenant's.</summary>
internal sealed record StorageTarget(string TenantId, string Name);
