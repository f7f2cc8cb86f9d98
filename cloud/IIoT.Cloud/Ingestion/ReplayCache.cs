using IIoT.Contracts.V1;

namespace IIoT.Cloud.Ingestion;

/// <summary>
/// Recently stored batches as (gateway, sequence) -> (SHA-256 of the decompressed body, the answer given),
/// least recently used evicted first. An exact replay gets the same answer with duplicate = true and writes
/// nothing (API-03).
/// </summary>
/// <remarks>
/// Decision for API-03's second case: a different body under an already used sequence is written, not
/// refused. InfluxDB overwrites the same series and timestamp, so re-sending old data is an idempotent
/// overwrite, and a gateway that rebuilt a batch after a crash must not lose it. The sequence is only the
/// key of this cache, not a security boundary: the API key is.
/// </remarks>
internal sealed class ReplayCache(int capacity = ReplayCache.DefaultCapacity)
{
    public const int DefaultCapacity = 100_000;

    private readonly Dictionary<(string, ulong), LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _recency = new();
    private readonly Lock _lock = new();

    public bool TryGet(string gatewayId, ulong sequence, byte[] bodyHash, out BatchResult result)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue((gatewayId, sequence), out var node) && node.Value.BodyHash.AsSpan().SequenceEqual(bodyHash))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                result = node.Value.Result;
                return true;
            }
        }
        result = null!;
        return false;
    }

    public void Remember(string gatewayId, ulong sequence, byte[] bodyHash, BatchResult result)
    {
        lock (_lock)
        {
            if (_entries.Remove((gatewayId, sequence), out var old))
            {
                _recency.Remove(old);
            }
            _entries[(gatewayId, sequence)] = _recency.AddFirst(new Entry(gatewayId, sequence, bodyHash, result));
            while (_entries.Count > capacity)
            {
                var last = _recency.Last!;
                _recency.RemoveLast();
                _entries.Remove((last.Value.GatewayId, last.Value.Sequence));
            }
        }
    }

    private sealed record Entry(string GatewayId, ulong Sequence, byte[] BodyHash, BatchResult Result);
}
