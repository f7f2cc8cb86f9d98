using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Client;

/// <summary>One decoded NotificationData entry: the values of a DataChangeNotification, or (Values null) a StatusChangeNotification's status.</summary>
internal readonly record struct NotificationPart(MonitoredItemNotification[]? Values, StatusCode Status);
