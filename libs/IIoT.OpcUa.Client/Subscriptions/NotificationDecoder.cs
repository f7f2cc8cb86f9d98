using IIoT.OpcUa.Stack.Services;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Client;

/// <summary>Unwraps the NotificationData of a NotificationMessage (OPC 10000-4 §7.25); other kinds (events) are skipped.</summary>
internal static class NotificationDecoder
{
    public static bool TryDataChange(ExtensionObject data, out MonitoredItemNotification[] values)
    {
        if (ExtensionObjects.TryUnwrap<DataChangeNotification>(data, DataChangeNotification.BinaryEncodingId, out var change) && change is not null)
        {
            values = change.MonitoredItems ?? [];
            return true;
        }

        values = [];
        return false;
    }

    public static bool TryStatusChange(ExtensionObject data, out StatusCode status)
    {
        if (ExtensionObjects.TryUnwrap<StatusChangeNotification>(data, StatusChangeNotification.BinaryEncodingId, out var change) && change is not null)
        {
            status = change.Status;
            return true;
        }

        status = default;
        return false;
    }
}
