namespace IIoT.OpcUa.Server.Subscriptions;

/// <summary>NotificationMessage sequence numbers: 1, 2, ... 2^32-1, then 1 again; 0 is never used (OPC 10000-4 §7.25).</summary>
internal static class SequenceNumbers
{
    public static uint Next(uint current) => current == uint.MaxValue ? 1 : current + 1;
}
