namespace IIoT.Gateway.Collection.OpcUa;

/// <summary>First line of a saved subscription: which endpoint, user and group it belongs to, and its server id.</summary>
internal sealed record OpcUaSubscriptionStoreHeader(int Version, string Endpoint, string Url, string? UserName, string Group, uint SubscriptionId, DateTime SavedAt);
