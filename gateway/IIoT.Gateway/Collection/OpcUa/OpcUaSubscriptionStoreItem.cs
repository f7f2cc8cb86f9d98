namespace IIoT.Gateway.Collection.OpcUa;

/// <summary>
/// One line per monitored item of a saved subscription: its client handle and what the pump needs to turn its values
/// into points before the configuration is resolved again (node id in the namespace-URI form, machine, signal, unit,
/// origin). Node, machine and signal also find the item again among the configured ones.
/// </summary>
internal sealed record OpcUaSubscriptionStoreItem(uint Handle, string Node, string Machine, string Signal, string? Unit, string Origin)
{
    public string Key => OpcUaSubscriptionStore.Key(Node, Machine, Signal);
}
