namespace IIoT.Gateway.Collection.OpcUa;

/// <summary>A configured item that is not monitored: a configuration error or the server's refusal, with its status.</summary>
internal sealed record OpcUaItemFailure(string Group, string Origin, string Status, string Detail);
