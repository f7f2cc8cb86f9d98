namespace IIoT.OpcUa.Server.Subscriptions;

/// <summary>
/// The bounded notification queue of one monitored item, with the discard policy of OPC 10000-4 §5.13.1.5: when full,
/// discardOldest drops the head and flags the new head, otherwise the newest entry is replaced and flagged. With a
/// queue size of one the entry is simply replaced and the Overflow bit is never set. The ring grows on demand up to its
/// capacity so that 100k items with large queues do not reserve memory they never use.
/// </summary>
internal sealed class MonitoredItemQueue
{
    private QueuedValue[] _ring;
    private int _head;

    public MonitoredItemQueue(uint capacity)
    {
        Capacity = capacity;
        _ring = new QueuedValue[Math.Min(capacity, 4u)];
    }

    public uint Capacity { get; private set; }

    public bool DiscardOldest { get; set; } = true;

    public int Count { get; private set; }

    public void Enqueue(in QueuedValue value)
    {
        if (Count < Capacity)
        {
            if (Count == _ring.Length) Grow();
            _ring[(_head + Count) % _ring.Length] = value;
            Count++;
            return;
        }
        if (Capacity == 1)
        {
            _ring[_head] = value;
            return;
        }
        if (DiscardOldest)
        {
            _ring[_head] = default;
            _head = (_head + 1) % _ring.Length;
            _ring[(_head + Count - 1) % _ring.Length] = value;
            _ring[_head].Overflow = true;
        }
        else
        {
            ref var last = ref _ring[(_head + Count - 1) % _ring.Length];
            last = value;
            last.Overflow = true;
        }
    }

    public QueuedValue Dequeue()
    {
        if (Count == 0) throw new InvalidOperationException("The queue is empty.");
        var value = _ring[_head];
        _ring[_head] = default;
        _head = (_head + 1) % _ring.Length;
        Count--;
        return value;
    }

    public void Clear()
    {
        Array.Clear(_ring);
        _head = 0;
        Count = 0;
    }

    /// <summary>ModifyMonitoredItems: a smaller queue keeps the newest values (the oldest are discarded, flagged as overflow).</summary>
    public void Resize(uint capacity)
    {
        var kept = new List<QueuedValue>(Count);
        while (Count > 0) kept.Add(Dequeue());
        var dropped = kept.Count > capacity;
        Capacity = capacity;
        _ring = new QueuedValue[Math.Max(Math.Min(capacity, 4u), (uint)Math.Min(kept.Count, (int)capacity))];
        _head = 0;
        for (var i = Math.Max(0, kept.Count - (int)capacity); i < kept.Count; i++) Enqueue(kept[i]);
        if (dropped && capacity > 1) _ring[_head].Overflow = true;
    }

    private void Grow()
    {
        var bigger = new QueuedValue[(int)Math.Min(Capacity, (uint)Math.Max(4, _ring.Length * 2))];
        for (var i = 0; i < Count; i++) bigger[i] = _ring[(_head + i) % _ring.Length];
        _ring = bigger;
        _head = 0;
    }
}
