using System.Buffers;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace IIoT.Gateway.Buffering;

/// <summary>
/// The single writer loop. Appends from any number of callers queue up while the previous fsync runs; the loop
/// then encodes everything pending into one buffer, writes it, fsyncs once, publishes the records to the reader
/// and completes all their tasks (group commit). Overflow policy and segment rolling happen here too.
/// </summary>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    private const int MaxGroupBytes = 4 << 20;
    private readonly BufferState _state;
    private readonly SegmentStore _store;
    private readonly DurableBufferOptions _options;
    private readonly long _segmentBytes;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly Action<DroppedRange> _onDropped;
    private readonly Channel<AppendRequest> _channel = Channel.CreateUnbounded<AppendRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _space = new(0);
    private readonly List<(ulong Index, int Offset)> _pending = [];
    private readonly List<AppendRequest> _done = [];
    private readonly Task _loop;
    private byte[] _group;
    private int _groupBytes;
    private ulong _nextIndex;
    private Exception? _lastFailure;

    public GroupCommitWriter(BufferState state, SegmentStore store, DurableBufferOptions options, TimeProvider clock,
        ILogger logger, Action<DroppedRange> onDropped)
    {
        _state = state;
        _store = store;
        _options = options;
        _segmentBytes = options.EffectiveSegmentBytes;
        _clock = clock;
        _logger = logger;
        _onDropped = onDropped;
        _nextIndex = state.NextIndex;
        _group = ArrayPool<byte>.Shared.Rent(256 * 1024);
        _loop = Task.Run(RunAsync);
    }

    public bool TryEnqueue(AppendRequest request) => _channel.Writer.TryWrite(request);

    /// <summary>Acknowledgements freed disk space: a blocked writer re-checks.</summary>
    public void SpaceFreed() => _space.Release();

    private async Task RunAsync()
    {
        var queue = new Queue<AppendRequest>();
        try
        {
            while (true)
            {
                if (queue.Count == 0 && !await _channel.Reader.WaitToReadAsync(_stop.Token).ConfigureAwait(false))
                {
                    break;
                }
                while (_channel.Reader.TryRead(out var request))
                {
                    queue.Enqueue(request);
                }
                AppendRequest? blocked;
                try
                {
                    blocked = ProcessGroup(queue);
                }
                catch (Exception e)
                {
                    // Unexpected (a bug, or IO outside append): fail what was in hand, keep the loop alive.
                    FailGroup(e);
                    _store.Seal();
                    if (queue.TryDequeue(out var head))
                    {
                        head.Completion.TrySetException(e); // guarantees progress instead of a spin on the same request
                    }
                    blocked = null;
                }
                if (blocked is not null)
                {
                    await WaitForSpaceAsync(blocked).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        var disposed = new ObjectDisposedException(nameof(DurableBuffer));
        foreach (var request in queue)
        {
            request.Completion.TrySetException(disposed);
        }
        while (_channel.Reader.TryRead(out var request))
        {
            request.Completion.TrySetException(disposed);
        }
    }

    /// <summary>Writes one group; returns the request that must wait for space (Block policy), if any.</summary>
    private AppendRequest? ProcessGroup(Queue<AppendRequest> queue)
    {
        var ms = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        AppendRequest? blocked = null;
        while (queue.Count > 0 && _groupBytes < MaxGroupBytes)
        {
            var request = queue.Peek();
            if (request.Completion.Task.IsCompleted)
            {
                queue.Dequeue(); // cancelled while queued: nothing of it was written
                continue;
            }
            if (!HasRoom(request.EncodedBytes))
            {
                if (_pending.Count > 0)
                {
                    break; // commit what is encoded first; the space check then sees it on disk
                }
                if (_options.Overflow == OverflowPolicy.Block)
                {
                    blocked = request;
                    break;
                }
                try
                {
                    MakeRoom(request.EncodedBytes);
                }
                catch (Exception e)
                {
                    // Rolling to a new segment failed (disk full): fail this request rather than retry it in a spin.
                    queue.Dequeue();
                    Log.AppendFailed(_logger, e, request.Records.Count);
                    request.Completion.TrySetException(e);
                    continue;
                }
            }
            queue.Dequeue();
            if (Encode(request, ms))
            {
                _done.Add(request);
            }
        }
        Commit(ms);
        return blocked;
    }

    private bool Encode(AppendRequest request, long ms)
    {
        try
        {
            var records = request.Records;
            // Roll before a request that does not fit, so a batch lands in one segment and a failure to create
            // the next segment cannot leave half of a failed batch committed.
            var current = _store.EnsureActive(_nextIndex);
            if (current.Length + _groupBytes + request.EncodedBytes > _segmentBytes && (current.RecordCount > 0 || _pending.Count > 0))
            {
                if (!Commit(ms))
                {
                    request.Completion.TrySetException(_lastFailure!);
                    return false;
                }
                _store.Seal();
            }
            for (var i = 0; i < records.Count; i++)
            {
                var payload = records[i].Span;
                var size = RecordFormat.EncodedSize(payload.Length);
                var active = _store.EnsureActive(_nextIndex);
                if (active.Length + _groupBytes + size > _segmentBytes && (active.RecordCount > 0 || _pending.Count > 0))
                {
                    if (!Commit(ms))
                    {
                        request.Completion.TrySetException(_lastFailure!);
                        return false;
                    }
                    _store.Seal();
                    _store.EnsureActive(_nextIndex);
                }
                if (_group.Length < _groupBytes + size)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_group.Length * 2, _groupBytes + size));
                    _group.AsSpan(0, _groupBytes).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(_group);
                    _group = bigger;
                }
                var index = _nextIndex++;
                RecordFormat.Write(_group.AsSpan(_groupBytes, size), index, ms, payload);
                _pending.Add((index, _groupBytes));
                _groupBytes += size;
            }
            return true;
        }
        catch (Exception e)
        {
            // Creating a segment failed (disk full, read-only), or something unexpected. Only a request larger than
            // a segment can have records committed before this point; they are at-least-once duplicates-to-be.
            Log.AppendFailed(_logger, e, request.Records.Count);
            request.Completion.TrySetException(e);
            return false;
        }
    }

    /// <summary>Writes and fsyncs the group, then publishes it and completes its requests. False if the write failed.</summary>
    private bool Commit(long ms)
    {
        if (_pending.Count == 0)
        {
            CompleteDone();
            return true;
        }
        try
        {
            _store.AppendAndSync(_group.AsSpan(0, _groupBytes));
        }
        catch (Exception e)
        {
            // Never report success for data not persisted (BUF-06/07). The segment is sealed; its indexes are skipped.
            Log.AppendFailed(_logger, e, _pending.Count);
            _lastFailure = e;
            FailGroup(e);
            _store.Seal();
            return false;
        }
        lock (_state.Sync)
        {
            var segment = _store.Active!;
            var baseOffset = segment.Length;
            foreach (var (index, offset) in _pending)
            {
                segment.AddRecord(index, baseOffset + offset, ms);
            }
            segment.Length += _groupBytes;
            _state.DiskBytes += _groupBytes;
            _state.CommittedNext = _pending[^1].Index + 1;
            _state.NextIndex = _nextIndex;
            _state.AppendedRecords += _pending.Count;
            _state.OldestUnackedMs ??= ms;
            _state.SignalCommitted();
        }
        _pending.Clear();
        _groupBytes = 0;
        CompleteDone();
        return true;
    }

    private void CompleteDone()
    {
        foreach (var request in _done)
        {
            request.Completion.TrySetResult();
        }
        _done.Clear();
    }

    private void FailGroup(Exception e)
    {
        foreach (var request in _done)
        {
            request.Completion.TrySetException(e);
        }
        _done.Clear();
        _pending.Clear();
        _groupBytes = 0;
        lock (_state.Sync)
        {
            _state.NextIndex = _nextIndex;
        }
    }

    private bool HasRoom(int bytes)
    {
        lock (_state.Sync)
        {
            return _state.DiskBytes + _groupBytes + bytes + SegmentHeader.Size <= _options.MaxBytes;
        }
    }

    /// <summary>DropOldest: delete whole oldest segments until the request fits. The new segment exists before the old is unlinked, so the newest index always survives on disk.</summary>
    private void MakeRoom(int bytes)
    {
        while (!HasRoom(bytes))
        {
            Segment victim;
            lock (_state.Sync)
            {
                if (_state.Segments.Count == 0)
                {
                    return;
                }
                victim = _state.Segments[0];
            }
            if (ReferenceEquals(victim, _store.Active))
            {
                if (victim.RecordCount == 0)
                {
                    return;
                }
                _store.Seal();
                _store.EnsureActive(_nextIndex);
                continue;
            }
            Drop(victim);
        }
    }

    private void Drop(Segment victim)
    {
        DroppedRange? range = null;
        lock (_state.Sync)
        {
            if (victim.RecordCount > 0 && victim.LastRecordIndex >= _state.Cursor)
            {
                var first = Math.Max(victim.FirstRecordIndex, _state.Cursor);
                var firstMs = _state.Cursor <= victim.FirstRecordIndex ? victim.FirstAppendedMs : _state.OldestUnackedMs ?? victim.FirstAppendedMs;
                range = new DroppedRange(victim.LastRecordIndex - first + 1, first, victim.LastRecordIndex,
                    DateTimeOffset.FromUnixTimeMilliseconds(firstMs), DateTimeOffset.FromUnixTimeMilliseconds(victim.LastAppendedMs));
                _state.DroppedRecords += (long)range.Value.Count;
            }
        }
        SegmentStore.Delete(_state, victim, _logger);
        lock (_state.Sync)
        {
            // The cursor was inside or before the victim, so the next record left is the next segment's first.
            _state.OldestUnackedMs = null;
            foreach (var s in _state.Segments)
            {
                if (s.RecordCount > 0 && s.LastRecordIndex >= _state.Cursor)
                {
                    _state.OldestUnackedMs = s.FirstAppendedMs;
                    break;
                }
            }
        }
        if (range is { } dropped)
        {
            Log.DroppedSegment(_logger, dropped.Count, dropped.FirstIndex, dropped.LastIndex, victim.Path);
            try
            {
                _onDropped(dropped);
            }
            catch (Exception e)
            {
                Log.DroppedCallbackFailed(_logger, e);
            }
        }
    }

    private async Task WaitForSpaceAsync(AppendRequest request)
    {
        Log.Blocked(_logger);
        while (!request.Completion.Task.IsCompleted && !HasRoom(request.EncodedBytes))
        {
            if (request.CancellationToken.IsCancellationRequested)
            {
                request.Completion.TrySetCanceled(request.CancellationToken);
                return;
            }
            using (request.CancellationToken.Register(static s => ((SemaphoreSlim)s!).Release(), _space))
            {
                await _space.WaitAsync(_stop.Token).ConfigureAwait(false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        ArrayPool<byte>.Shared.Return(_group);
        _group = [];
        _stop.Dispose();
        _space.Dispose();
    }
}
