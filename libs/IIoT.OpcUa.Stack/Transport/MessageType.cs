namespace IIoT.OpcUa.Stack.Transport;

/// <summary>
/// The three ASCII bytes at the start of every UA-TCP frame, read as a little-endian 24-bit value
/// (OPC 10000-6 §7.1.2.2). UACP types are HEL/ACK/ERR/RHE, UASC types are MSG/OPN/CLO (§6.7.2.2).
/// </summary>
public enum MessageType : uint
{
    Hello = 0x4C4548,              // "HEL" OPC 10000-6 §7.1.2.3
    Acknowledge = 0x4B4341,        // "ACK" OPC 10000-6 §7.1.2.4
    Error = 0x525245,              // "ERR" OPC 10000-6 §7.1.2.5
    ReverseHello = 0x454852,       // "RHE" OPC 10000-6 §7.1.2.6
    Message = 0x47534D,            // "MSG" OPC 10000-6 §6.7.2.2
    OpenSecureChannel = 0x4E504F,  // "OPN" OPC 10000-6 §6.7.2.2
    CloseSecureChannel = 0x4F4C43, // "CLO" OPC 10000-6 §6.7.2.2
}
