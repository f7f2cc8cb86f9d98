using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Server.Subscriptions;

/// <summary>One attribute of one node, resolved once when a monitored item is created, so sampling reads it without a lookup.</summary>
public interface IMonitoredValue
{
    /// <summary>The attribute's current value, as <see cref="IMonitoredNodeSource.Read"/> would return it.</summary>
    DataValue Read();
}
