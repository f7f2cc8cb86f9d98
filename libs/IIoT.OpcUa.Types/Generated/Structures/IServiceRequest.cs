namespace IIoT.OpcUa.Types.Structures;

/// <summary>A service request (OPC 10000-4 §7.33): every one starts with a <see cref="Structures.RequestHeader"/>.</summary>
public interface IServiceRequest : IEncodeable
{
    RequestHeader RequestHeader { get; set; }
}
