using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Client;

/// <summary>A NotificationMessage waiting for its turn, and whether it came by Republish.</summary>
internal sealed record ReceivedMessage(NotificationMessage Message, bool Republished);
