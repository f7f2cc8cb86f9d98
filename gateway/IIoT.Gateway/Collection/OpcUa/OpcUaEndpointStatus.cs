namespace IIoT.Gateway.Collection.OpcUa;

/// <summary>What /healthz/opcua shows for one endpoint; replaced as a whole on each change.</summary>
internal sealed record OpcUaEndpointStatus(
    string Endpoint,
    string State,
    int ItemsMonitored,
    int ItemsFailed,
    int Reconnects,
    long Gaps,
    string? LastError,
    IReadOnlyList<OpcUaItemFailure> Failures);
