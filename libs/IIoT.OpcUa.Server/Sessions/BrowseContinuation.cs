using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Server;

/// <summary>The references of one browsed node not yet returned.</summary>
internal sealed record BrowseContinuation(ReferenceDescription[] References, int Offset, uint MaxReferences);
