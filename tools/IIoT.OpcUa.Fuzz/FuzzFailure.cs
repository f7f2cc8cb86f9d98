namespace IIoT.OpcUa.Fuzz;

/// <summary>A property the harness checks was broken (unstable round trip, hang, allocation blow-up).</summary>
internal sealed class FuzzFailure(string message, Exception? inner = null) : Exception(message, inner);
