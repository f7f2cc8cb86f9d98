using IIoT.Contracts;
using IIoT.Contracts.V1;
using IIoT.Gateway.Buffering;

namespace IIoT.Gateway.Tests.Collection.Mqtt;

/// <summary>
/// An in-memory <see cref="IRecordSink"/>: an append becomes "durable" (is kept) when <see cref="BeforeDurable"/>
/// for its call number completes, which lets a test hold appends or complete them out of order.
/// </summary>
internal sealed class RecordingSink : IRecordSink
{
    private readonly object _lock = new();
    private readonly List<byte[]> _records = [];
    private readonly List<int> _completionOrder = [];
    private int _calls;
    private int _offered;

    /// <summary>Call number (from 0) -> what to wait for before the append is durable; null: durable at once.</summary>
    public Func<int, CancellationToken, Task>? BeforeDurable { get; init; }

    /// <summary>Records handed to AppendAsync, durable or not.</summary>
    public int Offered => Volatile.Read(ref _offered);

    public int Calls => Volatile.Read(ref _calls);

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

    public List<Point> Points
    {
        get
        {
            lock (_lock)
            {
                return _records.Select(r => (Point)BatchFraming.Unframe(r)).ToList();
            }
        }
    }

    public async ValueTask AppendAsync(IReadOnlyList<ReadOnlyMemory<byte>> records, CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref _calls) - 1;
        Interlocked.Add(ref _offered, records.Count);
        var copies = records.Select(r => r.ToArray()).ToList();
        if (BeforeDurable is not null)
        {
            await BeforeDurable(call, cancellationToken).ConfigureAwait(false);
        }
        lock (_lock)
        {
            _records.AddRange(copies);
            _completionOrder.Add(call);
        }
    }
}
