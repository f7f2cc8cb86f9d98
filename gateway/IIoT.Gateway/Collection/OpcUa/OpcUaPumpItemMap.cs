using System.Collections.Concurrent;
using IIoT.Contracts.V1;

namespace IIoT.Gateway.Collection.OpcUa;

/// <summary>
/// Client handle -> <see cref="OpcUaPumpItem"/> of one group, shared by the source (which adds items chunk by chunk while
/// the group is still being subscribed) and the pump (which reads it for every value, already running). An item is
/// set before its monitored item is created, so its first value always finds it. Writers take a lock; the pump reads
/// without one: our client's handles are dense from 1, so they index an array that is grown by copy and published.
/// Items with the same machine share one <see cref="AssetPath"/> and items with the same unit one encoded tail.
/// </summary>
internal sealed class OpcUaPumpItemMap
{
    /// <summary>Handles up to this far beyond twice the count still go into the array; others into a dictionary.</summary>
    private const int DenseSlack = 1 << 16;

    private readonly Lock _gate = new();
    private readonly string _source;
    private readonly AssetPath _defaults;
    private readonly Dictionary<string, AssetPath> _assets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _tails = new(StringComparer.Ordinal);
    private OpcUaPumpItem?[] _dense = [];
    private ConcurrentDictionary<uint, OpcUaPumpItem>? _sparse;
    private int _count;

    public OpcUaPumpItemMap(OpcUaEndpointOptions endpoint, string source)
    {
        _source = source;
        _defaults = new AssetPath { Site = endpoint.Site, Area = endpoint.Area, Line = endpoint.Line };
    }

    public int Count => Volatile.Read(ref _count);

    /// <summary>Maps <paramref name="handle"/> to <paramref name="item"/>, replacing what it had (and its deduplication state).</summary>
    public void Set(uint handle, OpcUaItem item)
    {
        lock (_gate)
        {
            if (!_assets.TryGetValue(item.Machine, out var asset))
            {
                asset = _defaults.Clone();
                asset.Machine = item.Machine;
                _assets[item.Machine] = asset;
            }
            var unit = item.Unit ?? "";
            if (!_tails.TryGetValue(unit, out var tail))
            {
                tail = OpcUaPumpItem.EncodeTail(_source, unit);
                _tails[unit] = tail;
            }
            var entry = new OpcUaPumpItem(item, asset, _source, tail);
            var added = Find(handle) is null;
            if (handle < (uint)_dense.Length || handle <= 2L * (_count + 1) + DenseSlack)
            {
                if (handle >= (uint)_dense.Length)
                {
                    var grown = new OpcUaPumpItem?[Math.Max((long)handle + 1, Math.Min(2L * _dense.Length, 2L * (_count + 1) + DenseSlack) + 1)];
                    _dense.CopyTo(grown, 0);
                    Volatile.Write(ref _dense, grown);
                }
                Volatile.Write(ref _dense[handle], entry);
            }
            else
            {
                _sparse ??= new ConcurrentDictionary<uint, OpcUaPumpItem>();
                _sparse[handle] = entry;
            }
            if (added)
            {
                Volatile.Write(ref _count, _count + 1);
            }
        }
    }

    public void Remove(uint handle)
    {
        lock (_gate)
        {
            var removed = false;
            if (handle < (uint)_dense.Length && _dense[handle] is not null)
            {
                Volatile.Write(ref _dense[handle], null);
                removed = true;
            }
            else if (_sparse is not null)
            {
                removed = _sparse.TryRemove(handle, out _);
            }
            if (removed)
            {
                Volatile.Write(ref _count, _count - 1);
            }
        }
    }

    /// <summary>The item of <paramref name="handle"/>, or null; lock-free.</summary>
    public OpcUaPumpItem? Find(uint handle)
    {
        var dense = Volatile.Read(ref _dense);
        if (handle < (uint)dense.Length)
        {
            return Volatile.Read(ref dense[handle]);
        }
        return Volatile.Read(ref _sparse) is { } sparse && sparse.TryGetValue(handle, out var item) ? item : null;
    }

    /// <summary>A copy of the items, for a gap's ledger entry.</summary>
    public List<OpcUaItem> Items()
    {
        lock (_gate)
        {
            var items = new List<OpcUaItem>(_count);
            foreach (var entry in _dense)
            {
                if (entry is not null)
                {
                    items.Add(entry.Item);
                }
            }
            if (_sparse is not null)
            {
                items.AddRange(_sparse.Values.Select(e => e.Item));
            }
            return items;
        }
    }
}
