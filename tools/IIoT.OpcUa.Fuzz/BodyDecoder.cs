using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Fuzz;

/// <summary>Decodes a structure body that must be consumed whole.</summary>
internal delegate IEncodeable BodyDecoder(ReadOnlySpan<byte> body);
