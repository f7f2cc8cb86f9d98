using IIoT.OpcUa.Stack.Services;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Server.Subscriptions;

/// <summary>
/// One subscription (OPC 10000-4 §5.13.1): its revised parameters, the counters of the publishing state machine, its
/// monitored items grouped by sampling interval, the ready queue of items that hold notifications, and the
/// retransmission queue. Not thread-safe: every member is used under the engine's lock.
/// </summary>
internal sealed class Subscription : IDisposable
{
    private readonly List<NotificationMessage> _retransmission = [];
    private readonly int _maxRetransmission;
    private ITimer? _timer;
    private Action<Subscription>? _onTick;
    private int _ticking;

    public Subscription(uint id, SessionState session, int maxRetransmission)
    {
        Id = id;
        _session = session;
        OwnerId = session.Id;
        _maxRetransmission = maxRetransmission;
    }

    private SessionState? _session;

    public uint Id { get; }

    /// <summary>The owning session; null while orphaned (session closed without deleting it).</summary>
    public SessionState? Session
    {
        get => _session;
        set
        {
            _session = value;
            if (value is not null) OwnerId = value.Id;
        }
    }

    /// <summary>The session that owns it or, while orphaned, last owned it (for the server's same-user check on transfer).</summary>
    public NodeId OwnerId { get; private set; }

    public double PublishingInterval { get; set; }

    public uint LifetimeCount { get; set; }

    public uint MaxKeepAliveCount { get; set; }

    /// <summary>Notifications per NotificationMessage, already capped by the server.</summary>
    public uint MaxNotificationsPerPublish { get; set; }

    public bool PublishingEnabled { get; set; }

    public byte Priority { get; set; }

    public uint NextSequenceNumber { get; set; } = 1;

    public uint KeepAliveCounter { get; set; }

    public uint LifetimeCounter { get; set; }

    /// <summary>False until the first NotificationMessage or keep-alive went out: the first cycle always answers (§5.13.1.2).</summary>
    public bool MessageSent { get; set; }

    /// <summary>A keep-alive is owed but no Publish request was there to carry it.</summary>
    public bool KeepAliveDue { get; set; }

    /// <summary>Listed in the session's late queue: it wants the next Publish request at once.</summary>
    public bool Late { get; set; }

    public bool Deleted { get; private set; }

    public Dictionary<uint, MonitoredItem> Items { get; } = [];

    public Dictionary<double, SamplingGroup> Groups { get; } = [];

    /// <summary>Items holding values to report, oldest first; entries of deleted or disabled items are skipped lazily.</summary>
    public Queue<MonitoredItem> Ready { get; } = new();

    /// <summary>Starts the publishing timer, or moves it to the (revised) <see cref="PublishingInterval"/>.</summary>
    public void StartPublishingTimer(TimeProvider time, Action<Subscription> onTick)
    {
        _onTick = onTick;
        var period = TimeSpan.FromMilliseconds(PublishingInterval);
        if (_timer is null)
            _timer = time.CreateTimer(static state => ((Subscription)state!).OnTimer(), this, period, period);
        else
            _timer.Change(period, period);
    }

    /// <summary>Queues the item for the next NotificationMessage if it reports and is not queued already.</summary>
    public void MarkReady(MonitoredItem item)
    {
        if (item.InReadyQueue || !item.IsReportable) return;
        item.InReadyQueue = true;
        Ready.Enqueue(item);
    }

    /// <summary>True when some item holds a value to report (stale heads of the ready queue are dropped here).</summary>
    public bool HasNotifications()
    {
        while (Ready.Count > 0)
        {
            var head = Ready.Peek();
            if (head.IsReportable) return true;
            Ready.Dequeue();
            head.InReadyQueue = false;
        }
        return false;
    }

    public bool HasDataToPublish() => PublishingEnabled && HasNotifications();

    /// <summary>
    /// Takes at most <see cref="MaxNotificationsPerPublish"/> queued values into a new NotificationMessage with the next
    /// sequence number and keeps it for Republish. <paramref name="more"/> tells whether values remain.
    /// </summary>
    public NotificationMessage BuildDataMessage(DataChangeEncoder encoder, UaDateTime publishTime, out bool more, out int count)
    {
        var cap = Math.Min(MaxNotificationsPerPublish, int.MaxValue);
        encoder.Begin();
        while (encoder.Count < cap && !encoder.Full && Ready.Count > 0)
        {
            var item = Ready.Peek();
            if (item.IsReportable)
            {
                var queue = item.Queue;
                while (queue.Count > 0 && encoder.Count < cap && !encoder.Full) encoder.Add(item, queue.Dequeue());
                if (queue.Count > 0) break; // the cap was reached inside this item; it stays at the head
                item.Triggered = false;
            }
            Ready.Dequeue();
            item.InReadyQueue = false;
        }
        more = HasNotifications();
        count = encoder.Count;
        var message = new NotificationMessage
        {
            SequenceNumber = TakeSequenceNumber(),
            PublishTime = publishTime,
            NotificationData = [encoder.Finish()],
        };
        Retain(message);
        return message;
    }

    /// <summary>A keep-alive: no data, and the NEXT sequence number, which it does not consume (§5.13.1.1).</summary>
    public NotificationMessage BuildKeepAlive(UaDateTime publishTime) =>
        new() { SequenceNumber = NextSequenceNumber, PublishTime = publishTime, NotificationData = [] };

    /// <summary>
    /// A StatusChangeNotification (expiry, transfer). It carries the next sequence number without consuming it and is not
    /// kept for Republish: it goes to a session that no longer owns the subscription, so consuming a number would show
    /// the new owner a false gap.
    /// </summary>
    public NotificationMessage BuildStatusChange(uint status, UaDateTime publishTime) => new()
    {
        SequenceNumber = NextSequenceNumber,
        PublishTime = publishTime,
        NotificationData = [ExtensionObjects.Wrap(new StatusChangeNotification { Status = status })],
    };

    /// <summary>Acknowledges (removes) a retained message: Good, or Bad_SequenceNumberUnknown.</summary>
    public uint Acknowledge(uint sequenceNumber)
    {
        for (var i = 0; i < _retransmission.Count; i++)
        {
            if (_retransmission[i].SequenceNumber != sequenceNumber) continue;
            _retransmission.RemoveAt(i);
            return StatusCodes.Good;
        }
        return StatusCodes.BadSequenceNumberUnknown;
    }

    public NotificationMessage? FindRetained(uint sequenceNumber)
    {
        foreach (var message in _retransmission)
        {
            if (message.SequenceNumber == sequenceNumber) return message;
        }
        return null;
    }

    public uint[] AvailableSequenceNumbers()
    {
        var result = new uint[_retransmission.Count];
        for (var i = 0; i < result.Length; i++) result[i] = _retransmission[i].SequenceNumber;
        return result;
    }

    public void Dispose()
    {
        Deleted = true;
        _timer?.Dispose();
        foreach (var group in Groups.Values) group.Dispose();
        Groups.Clear();
        foreach (var item in Items.Values) item.Deleted = true;
        Items.Clear();
        Ready.Clear();
        _retransmission.Clear();
    }

    private void OnTimer()
    {
        // Ticks that pile up behind a long lock holder (a 100k CreateMonitoredItems) are skipped, not run back to back:
        // a burst of catch-up ticks would age the keep-alive and lifetime counters in a moment.
        if (Interlocked.Exchange(ref _ticking, 1) == 1) return;
        try
        {
            _onTick?.Invoke(this);
        }
        finally
        {
            Volatile.Write(ref _ticking, 0);
        }
    }

    private uint TakeSequenceNumber()
    {
        var sequenceNumber = NextSequenceNumber;
        NextSequenceNumber = SequenceNumbers.Next(sequenceNumber);
        return sequenceNumber;
    }

    private void Retain(NotificationMessage message)
    {
        // Bounded: the oldest unacknowledged message goes first (Republish then answers Bad_MessageNotAvailable).
        if (_retransmission.Count >= _maxRetransmission) _retransmission.RemoveAt(0);
        _retransmission.Add(message);
    }
}
