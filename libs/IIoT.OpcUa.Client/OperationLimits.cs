namespace IIoT.OpcUa.Client;

/// <summary>
/// Per-call operation limits (OPC 10000-5 §6.3.11 OperationLimitsType). Read from the server's
/// ServerCapabilities/OperationLimits on connect; 0 means the server named no limit. A value set in
/// <see cref="ClientOptions.OperationLimits"/> overrides the server's (useful to keep messages small).
/// </summary>
public sealed record OperationLimits
{
    public uint MaxNodesPerRead { get; init; }

    public uint MaxNodesPerWrite { get; init; }

    public uint MaxNodesPerBrowse { get; init; }

    public uint MaxMonitoredItemsPerCall { get; init; }

    public uint MaxNodesPerTranslateBrowsePathsToNodeIds { get; init; }

    /// <summary>Each non-zero value of <paramref name="overrides"/> replaces ours.</summary>
    public OperationLimits With(OperationLimits? overrides) => overrides is null ? this : new OperationLimits
    {
        MaxNodesPerRead = Pick(overrides.MaxNodesPerRead, MaxNodesPerRead),
        MaxNodesPerWrite = Pick(overrides.MaxNodesPerWrite, MaxNodesPerWrite),
        MaxNodesPerBrowse = Pick(overrides.MaxNodesPerBrowse, MaxNodesPerBrowse),
        MaxMonitoredItemsPerCall = Pick(overrides.MaxMonitoredItemsPerCall, MaxMonitoredItemsPerCall),
        MaxNodesPerTranslateBrowsePathsToNodeIds = Pick(overrides.MaxNodesPerTranslateBrowsePathsToNodeIds, MaxNodesPerTranslateBrowsePathsToNodeIds),
    };

    private static uint Pick(uint preferred, uint fallback) => preferred != 0 ? preferred : fallback;
}
