namespace IIoT.OpcUa.Stack.Transport;

/// <summary>The fourth header byte (OPC 10000-6 §6.7.2.2). UACP messages always carry <see cref="Final"/>.</summary>
public enum ChunkType : byte
{
    Final = (byte)'F',
    Intermediate = (byte)'C',
    Abort = (byte)'A',
}
