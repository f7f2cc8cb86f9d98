namespace IIoT.OpcUa.Types;

/// <summary>
/// An XmlElement travels exactly like a String (OPC 10000-6 §5.2.2.8); the wrapper only keeps it
/// distinguishable from a String inside a Variant. The XML is not parsed.
/// </summary>
public readonly record struct XmlElement(string? Value);
