namespace IIoT.OpcUa.Client;

/// <summary>
/// Puts the NotificationMessages of one subscription in sequence order, each once (UA-R05), across the rollover
/// 2^32-1 -> 1 (0 is never used, UA-R06; OPC 10000-4 §7.26). Sequence numbers are unwrapped to a 64-bit position
/// next to the last one delivered, so ordering and gap arithmetic need no modular special cases.
/// A keep-alive carries the next sequence number without consuming it (§5.13.1.1): it proves that everything up to
/// seq-1 exists, so a first keep-alive with seq 1 shows no gap (UA-R07).
/// Not thread-safe: the owning <see cref="Subscription"/> serializes access.
/// </summary>
internal sealed class SequenceTracker<T>
    where T : class
{
    private const long Modulus = uint.MaxValue; // sequence numbers are 1 .. 2^32-1

    // A first number this far from 1 is a subscription already under way (transferred, or a server that does not
    // start at 1): it sets the baseline instead of claiming billions of missing messages.
    private const uint BaselineWindow = 1024;

    // Messages received ahead of a missing one; a null value marks a sequence number given up as lost.
    private readonly SortedDictionary<long, T?> _held = [];
    private long _last;
    private long _highWater;
    private bool _adoptFirst;

    /// <param name="lastDelivered">The last sequence number already delivered; 0 for a new subscription (next is 1).</param>
    /// <param name="adoptFirst">
    /// The first sequence number seen (data or keep-alive), however small, sets the baseline: a subscription taken over
    /// whose earlier messages were all acknowledged, so nothing before it is missing.
    /// </param>
    public SequenceTracker(uint lastDelivered = 0, bool adoptFirst = false)
    {
        _last = lastDelivered;
        _highWater = lastDelivered;
        _adoptFirst = adoptFirst && lastDelivered == 0;
    }

    /// <summary>The sequence number the next delivery needs.</summary>
    public uint NextExpected => Wrap(_last + 1);

    /// <summary>The last sequence number delivered or given up (0 before the first).</summary>
    public uint LastDelivered => _last == 0 ? 0 : Wrap(_last);

    /// <summary>True while some sequence number up to the highest known one has neither arrived nor been given up.</summary>
    public bool HasHoles => _highWater > _last;

    /// <summary>Adds a data message; false for a duplicate or one already delivered (it must not be acknowledged again).</summary>
    public bool Accept(uint sequenceNumber, T message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (sequenceNumber == 0)
        {
            return false;
        }

        Baseline(sequenceNumber);
        var position = Unwrap(sequenceNumber);
        if (position <= _last || _held.ContainsKey(position))
        {
            return false;
        }

        _held[position] = message;
        _highWater = Math.Max(_highWater, position);
        return true;
    }

    /// <summary>A keep-alive announcing <paramref name="nextSequenceNumber"/>: messages up to the one before exist.</summary>
    public void KeepAlive(uint nextSequenceNumber)
    {
        if (nextSequenceNumber == 0)
        {
            return;
        }

        Baseline(nextSequenceNumber);
        _highWater = Math.Max(_highWater, Unwrap(nextSequenceNumber) - 1);
    }

    /// <summary>Announces that messages up to <paramref name="sequenceNumber"/> exist (AvailableSequenceNumbers).</summary>
    public void Exists(uint sequenceNumber)
    {
        if (sequenceNumber != 0)
        {
            _highWater = Math.Max(_highWater, Unwrap(sequenceNumber));
        }
    }

    /// <summary>Gives up on a missing sequence number (Republish said BadMessageNotAvailable, UA-R02).</summary>
    public void MarkLost(uint sequenceNumber)
    {
        var position = Unwrap(sequenceNumber);
        if (sequenceNumber != 0 && position > _last && !_held.ContainsKey(position))
        {
            _held[position] = null;
            _highWater = Math.Max(_highWater, position);
        }
    }

    /// <summary>The next message in order, if it is here; <paramref name="message"/> is null for a lost one.</summary>
    public bool TryDequeue(out uint sequenceNumber, out T? message)
    {
        if (_held.Count > 0 && _held.Remove(_last + 1, out message))
        {
            _last++;
            sequenceNumber = Wrap(_last);
            return true;
        }

        sequenceNumber = 0;
        message = null;
        return false;
    }

    /// <summary>Adds the missing sequence numbers (oldest first, at most <paramref name="max"/>) to <paramref name="missing"/>.</summary>
    public void CollectMissing(List<uint> missing, int max)
    {
        for (var position = _last + 1; position <= _highWater && missing.Count < max; position++)
        {
            if (!_held.ContainsKey(position))
            {
                missing.Add(Wrap(position));
            }
        }
    }

    private void Baseline(uint sequenceNumber)
    {
        if (_last == 0 && _highWater == 0 && _held.Count == 0 && (sequenceNumber > BaselineWindow || _adoptFirst))
        {
            _last = sequenceNumber - 1L;
            _highWater = _last;
        }

        _adoptFirst = false;
    }

    internal static uint Wrap(long position) => (uint)((position - 1) % Modulus + 1);

    private long Unwrap(uint sequenceNumber)
    {
        if (_last == 0)
        {
            return sequenceNumber;
        }

        var diff = ((long)sequenceNumber - Wrap(_last)) % Modulus;
        if (diff < 0)
        {
            diff += Modulus;
        }

        if (diff > Modulus / 2)
        {
            diff -= Modulus;
        }

        return _last + diff;
    }
}
