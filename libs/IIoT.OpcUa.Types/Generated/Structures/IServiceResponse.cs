namespace IIoT.OpcUa.Types.Structures;

/// <summary>A service response (OPC 10000-4 §7.34): every one starts with a <see cref="Structures.ResponseHeader"/>.</summary>
public interface IServiceResponse : IEncodeable
{
    ResponseHeader ResponseHeader { get; set; }
}
