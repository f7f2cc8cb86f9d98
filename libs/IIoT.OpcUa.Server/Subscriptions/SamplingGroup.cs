namespace IIoT.OpcUa.Server.Subscriptions;

/// <summary>
/// The monitored items of one subscription that share a sampling interval, sampled by one timer: 100k items at the
/// same rate cost one timer and one loop, never 100k timers. Items are removed in O(1) by swapping with the last one.
/// </summary>
internal sealed class SamplingGroup : IDisposable
{
    private readonly List<MonitoredItem> _items = [];
    private readonly Action<SamplingGroup> _onTick;
    private readonly ITimer _timer;
    private int _running;

    public SamplingGroup(Subscription subscription, double interval, TimeProvider time, Action<SamplingGroup> onTick)
    {
        Subscription = subscription;
        Interval = interval;
        _onTick = onTick;
        var period = TimeSpan.FromMilliseconds(interval);
        _timer = time.CreateTimer(static state => ((SamplingGroup)state!).OnTimer(), this, period, period);
    }

    public Subscription Subscription { get; }

    public double Interval { get; }

    public int Count => _items.Count;

    /// <summary>The items, for the sampling loop (a plain list so the loop is a for over a span, no LINQ, no allocation).</summary>
    public List<MonitoredItem> Items => _items;

    public void Add(MonitoredItem item)
    {
        item.Group = this;
        item.GroupIndex = _items.Count;
        _items.Add(item);
    }

    public void Remove(MonitoredItem item)
    {
        var index = item.GroupIndex;
        if (item.Group != this || index < 0) return;
        var last = _items.Count - 1;
        if (index != last)
        {
            var moved = _items[last];
            _items[index] = moved;
            moved.GroupIndex = index;
        }
        _items.RemoveAt(last);
        item.Group = null;
        item.GroupIndex = -1;
    }

    /// <summary>True once removed from its subscription; a tick already in flight then does nothing.</summary>
    public bool Disposed { get; private set; }

    public void Dispose()
    {
        Disposed = true;
        _timer.Dispose();
    }

    private void OnTimer()
    {
        // A pass slower than the interval must not overlap the next one: skip that tick instead.
        if (Interlocked.Exchange(ref _running, 1) == 1) return;
        try
        {
            _onTick(this);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }
}
