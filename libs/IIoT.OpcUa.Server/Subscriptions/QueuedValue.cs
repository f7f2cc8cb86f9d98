using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Server.Subscriptions;

/// <summary>
/// One sampled value waiting in a monitored item's queue. The server timestamp and the overflow flag are kept beside
/// the source's DataValue so that sampling allocates nothing; the DataValue sent is built once, at publish time.
/// </summary>
internal struct QueuedValue(DataValue value, long serverTicks)
{
    public DataValue Value = value;

    public long ServerTicks = serverTicks;

    public bool Overflow;
}
