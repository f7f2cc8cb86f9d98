using IIoT.Contracts;
using IIoT.Contracts.V1;
using IIoT.Gateway.Buffering;

namespace IIoT.Gateway.Tests.Collection.Mqtt;

/// <summary>
/// An in-memory <see cref="IRecordSink"/>. Like the real buffer, the order of records is fixed when AppendAsync is
/// called; an append is durable (its records visible in <see cref="Points"/>) when <see cref="BeforeDurable"/> for its
/// call number completes, which lets a test hold appends or complete them out of order.
/// </summary>
internal sealed class RecordingSink : IRecordSink
{
    private readonly object _lock = new();
    private readonly SortedDictionary<int, List<byte[]>> _durable = [];
    private readonly List<int> _completionOrder = [];
    private int _calls;
    private int _offered;
    private int _durableCount;
    private int _maxPending;

    /// <summary>Call number (from 0) -> what to wait for before the append is durable; null: durable at once.</summary>
    public Func<int, CancellationToken, Task>? BeforeDurable { get; init; }

    /// <summary>Records handed to AppendAsync, durable or not.</summary>
    public int Offered => Volatile.Read(ref _offered);

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Most records ever offered and not yet durable at once.</summary>
    public int MaxPending
    {
        get
        {
            lock (_lock)
            {
                return _maxPending;
            }
        }
    }

    /// <summary>Call numbers in the order their appends became durable.</summary>
    public List<int> CompletionOrder
    {
        get
        {
            lock (_lock)
            {
                return [.. _completionOrder];
            }
        }
    }

    /// <summary>The durable points, in the order they were appended.</summary>
    public List<Point> Points
    {
        get
        {
            lock (_lock)
            {
                return _durable.Values.SelectMany(r => r).Select(r => (Point)BatchFraming.Unframe(r)).ToList();
            }
        }
    }

    public async ValueTask AppendAsync(IReadOnlyList<ReadOnlyMemory<byte>> records, CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref _calls) - 1;
        lock (_lock)
        {
            _offered += records.Count;
            _maxPending = Math.Max(_maxPending, _offered - _durableCount);
        }
        var copies = records.Select(r => r.ToArray()).ToList();
        if (BeforeDurable is not null)
        {
            await BeforeDurable(call, cancellationToken).ConfigureAwait(false);
        }
        lock (_lock)
        {
            _durable.Add(call, copies);
            _durableCount += copies.Count;
            _completionOrder.Add(call);
        }
    }
}
