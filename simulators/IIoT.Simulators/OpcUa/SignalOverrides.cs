using System.Collections.Concurrent;
using IIoT.OpcUa.Types;

namespace IIoT.Simulators.OpcUa;

/// <summary>
/// Injected faults by node id, kept apart from the nodes so they survive a server restart. Written by the control
/// channel, read by the tick loop; the empty check keeps the common path (no faults) to one volatile read per variable.
/// </summary>
internal sealed class SignalOverrides(TimeProvider time)
{
    private readonly ConcurrentDictionary<NodeId, SignalOverride> _overrides = new();
    private int _count;

    public bool IsEmpty => Volatile.Read(ref _count) == 0;

    public void Set(NodeId nodeId, SignalOverride value)
    {
        _overrides[nodeId] = value;
        Volatile.Write(ref _count, _overrides.Count);
    }

    public void Clear(NodeId nodeId)
    {
        _overrides.TryRemove(nodeId, out _);
        Volatile.Write(ref _count, _overrides.Count);
    }

    /// <summary>The live override of the node; an expired one is removed (the next value goes out Good again).</summary>
    public bool TryGet(NodeId nodeId, out SignalOverride value)
    {
        if (!_overrides.TryGetValue(nodeId, out value!))
        {
            return false;
        }

        if (value.UntilUtcTicks > time.GetUtcNow().UtcTicks)
        {
            return true;
        }

        Clear(nodeId);
        return false;
    }
}
