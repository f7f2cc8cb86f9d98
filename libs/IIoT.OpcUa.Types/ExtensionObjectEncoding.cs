namespace IIoT.OpcUa.Types;

/// <summary>The ExtensionObject encoding byte (OPC 10000-6 §5.2.2.15).</summary>
public enum ExtensionObjectEncoding : byte
{
    None = 0,
    Binary = 1,
    Xml = 2,
}
