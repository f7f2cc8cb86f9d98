using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Client;

/// <summary>
/// A NotificationMessage waiting for its turn, already unwrapped into its data and status changes (other kinds, such as
/// events, are left out), and whether it came by Republish.
/// </summary>
internal sealed record ReceivedMessage(uint SequenceNumber, UaDateTime PublishTime, NotificationPart[] Parts, bool Republished)
{
    /// <summary>From a message decoded the generic way (Republish), its NotificationData still wrapped.</summary>
    public static ReceivedMessage From(NotificationMessage message, bool republished)
    {
        var parts = new List<NotificationPart>();
        foreach (var data in message.NotificationData ?? [])
        {
            if (NotificationDecoder.TryDataChange(data, out var values))
            {
                parts.Add(new NotificationPart(values, default));
            }
            else if (NotificationDecoder.TryStatusChange(data, out var status))
            {
                parts.Add(new NotificationPart(null, status));
            }
        }

        return new ReceivedMessage(message.SequenceNumber, message.PublishTime, [.. parts], republished);
    }
}
