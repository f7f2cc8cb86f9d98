using Microsoft.Extensions.Logging;

namespace IIoT.Gateway.Buffering;

/// <summary>
/// The gateway's durable local buffer: an append-only log of opaque records in segment files, with group commit,
/// a persisted acknowledgement cursor and a size bound.
/// <para><b>Durability:</b> <see cref="AppendAsync"/> completes only after the records are written and synced
/// (fdatasync on Linux, which includes the file size; fsync elsewhere) and, for a new segment file, after the
/// file and its directory were fsynced. There is no time window: what an intake
/// acknowledged upstream after AppendAsync survives a crash or power loss.</para>
/// <para><b>Delivery:</b> at-least-once. The reader sees only fsynced records. <see cref="AcknowledgeAsync"/> persists
/// the cursor (temp file, fsync, rename, directory fsync) before deleting segments, so a crash in between only
/// repeats records; after a restart reading resumes at the persisted cursor.</para>
/// <para><b>Storage errors (BUF-06/07):</b> if a write, fsync or segment creation fails (disk full, read-only, EIO),
/// AppendAsync throws and reports nothing of that group as durable; the segment is sealed and the next append
/// starts a new one, so the buffer stays usable and appends succeed again once space is back. The caller keeps
/// the data un-acknowledged upstream and retries: that is the backpressure. We do not exit like Vector does.</para>
/// <para>Single owner per directory (a lock file held with an exclusive lock); a second open throws
/// <see cref="BufferLockedException"/>.</para>
/// </summary>
public sealed class DurableBuffer : IRecordSink, IAsyncDisposable
{
    internal const string LockFileName = "buffer.lock";
    private readonly DurableBufferOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly FileStream _lock;
    private readonly AckCursorFile _cursorFile;
    private readonly BufferState _state;
    private readonly SegmentStore _store;
    private readonly GroupCommitWriter _writer;
    private readonly SegmentReader _reader;
    private readonly SemaphoreSlim _readGate = new(1, 1);
    private readonly SemaphoreSlim _ackGate = new(1, 1);
    private int _disposed;

    private DurableBuffer(DurableBufferOptions options, TimeProvider clock, ILogger logger, FileStream lockFile, RecoveryResult recovered)
    {
        _options = options;
        _clock = clock;
        _logger = logger;
        _lock = lockFile;
        _cursorFile = new AckCursorFile(options.Directory);
        _state = new BufferState(recovered);
        _store = new SegmentStore(_state, options.Directory, recovered.LastSegmentWritable, options.EffectiveSegmentBytes);
        _reader = new SegmentReader(_state, options.MaxRecordBytes);
        _state.OldestUnackedMs = _reader.PeekAppendedMs(_state.Cursor);
        _writer = new GroupCommitWriter(_state, _store, options, clock, logger, RaiseDropped);
    }

    /// <summary>Raised (on the writer loop) for every segment the DropOldest policy deleted with unacknowledged records in it.</summary>
    public event Action<DroppedRange>? Dropped;

    /// <summary>The options this buffer was opened with.</summary>
    public DurableBufferOptions Options => _options;

    /// <summary>
    /// Opens (or creates) the buffer in <see cref="DurableBufferOptions.Directory"/> and recovers it: CRCs are
    /// verified, a torn tail is truncated, corrupt records are skipped and counted, foreign files are ignored and
    /// empty segments removed, each with a warning. Throws <see cref="BufferLockedException"/> if another owner
    /// holds the directory and <see cref="UnsupportedBufferFormatException"/> for an unknown segment version.
    /// </summary>
    public static DurableBuffer Open(DurableBufferOptions options, TimeProvider clock, ILogger<DurableBuffer> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        System.IO.Directory.CreateDirectory(options.Directory);
        var lockFile = AcquireLock(options.Directory);
        try
        {
            var recovered = SegmentRecovery.Recover(options.Directory, new AckCursorFile(options.Directory), options.MaxRecordBytes, logger);
            var buffer = new DurableBuffer(options, clock, logger, lockFile, recovered);
            Log.Opened(logger, options.Directory, recovered.Segments.Count, recovered.NextIndex, recovered.Cursor, recovered.CorruptRecords);
            return buffer;
        }
        catch
        {
            lockFile.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Completes after the fsync that covers the last record. Fails with an <see cref="IOException"/> when the data
    /// could not be persisted. With <see cref="OverflowPolicy.Block"/> it waits while the buffer is full. Cancelling
    /// abandons the wait; records already handed to the writer may still become durable (at-least-once).
    /// The payload memory must stay unchanged until the task completes.
    /// </remarks>
    public async ValueTask AppendAsync(IReadOnlyList<ReadOnlyMemory<byte>> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();
        long encoded = 0;
        for (var i = 0; i < records.Count; i++)
        {
            var length = records[i].Length;
            if (length > _options.MaxRecordBytes)
            {
                throw new ArgumentException($"Record {i} has {length} bytes; MaxRecordBytes is {_options.MaxRecordBytes}.", nameof(records));
            }
            encoded += RecordFormat.EncodedSize(length);
        }
        if (records.Count == 0)
        {
            return;
        }
        if (encoded > _options.MaxBytes / 2)
        {
            throw new ArgumentException($"A batch of {encoded} encoded bytes can never fit the buffer (MaxBytes {_options.MaxBytes}); split it.", nameof(records));
        }
        var request = new AppendRequest(records, (int)encoded, cancellationToken);
        if (!_writer.TryEnqueue(request))
        {
            throw new ObjectDisposedException(nameof(DurableBuffer));
        }
        if (!cancellationToken.CanBeCanceled)
        {
            await request.Completion.Task.ConfigureAwait(false);
            return;
        }
        using (cancellationToken.Register(static s => ((AppendRequest)s!).Completion.TrySetCanceled(((AppendRequest)s!).CancellationToken), request))
        {
            await request.Completion.Task.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Returns committed records with index >= <paramref name="fromIndex"/> and >= the acknowledgement cursor
    /// (so a forwarder that starts at 0 after a restart resumes at the persisted cursor), or from the first still
    /// available when older ones were dropped (<see cref="BufferSlice.HasGap"/>), at most
    /// <paramref name="maxRecords"/> records and <paramref name="maxBytes"/> payload bytes (at least one record
    /// whatever its size). Waits up to <paramref name="maxWait"/> (or <see cref="Timeout.InfiniteTimeSpan"/>) for a
    /// first record; an empty slice means none came.
    /// For a single consumer.
    /// </summary>
    public async ValueTask<BufferSlice> ReadAsync(ulong fromIndex, int maxRecords, int maxBytes, TimeSpan maxWait, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRecords, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var started = _clock.GetTimestamp();
        var from = fromIndex;
        while (true)
        {
            while (true)
            {
                Task signal;
                ulong start;
                ulong cursor;
                lock (_state.Sync)
                {
                    cursor = _state.Cursor;
                    start = Math.Max(from, _state.FirstReadableIndex());
                    if (start < _state.CommittedNext)
                    {
                        break;
                    }
                    signal = _state.CommittedSignal;
                }
                var remaining = maxWait == Timeout.InfiniteTimeSpan ? Timeout.InfiniteTimeSpan : maxWait - _clock.GetElapsedTime(started);
                if (remaining <= TimeSpan.Zero && remaining != Timeout.InfiniteTimeSpan)
                {
                    return new BufferSlice(fromIndex, cursor, start, start, []);
                }
                try
                {
                    await signal.WaitAsync(remaining, _clock, ct).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    return new BufferSlice(fromIndex, cursor, start, start, []);
                }
            }
            BufferSlice slice;
            await _readGate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                slice = _reader.Read(from, maxRecords, maxBytes, fromIndex);
            }
            finally
            {
                _readGate.Release();
            }
            if (slice.Records.Count > 0 || slice.NextIndex <= from)
            {
                return slice;
            }
            // Only corrupt or skipped indexes up to the committed end: wait for later records instead of spinning.
            from = slice.NextIndex;
        }
    }

    /// <summary>
    /// Marks every record below <paramref name="upToExclusive"/> as delivered: persists the cursor durably first,
    /// then deletes segments that are wholly acknowledged (the Vector #25570 ordering: a crash between the two
    /// leaves files that the next open deletes, never a cursor behind deleted data). Values beyond the committed
    /// end are clamped; smaller values than the current cursor are ignored.
    /// </summary>
    public async ValueTask AcknowledgeAsync(ulong upToExclusive, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _ackGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            lock (_state.Sync)
            {
                upToExclusive = Math.Min(upToExclusive, _state.CommittedNext);
                if (upToExclusive <= _state.Cursor)
                {
                    return;
                }
            }
            try
            {
                _cursorFile.Save(upToExclusive);
            }
            catch (IOException e)
            {
                // The disk may be full of our own segments, and the cursor needs a new block. Unlinking segments
                // that are wholly acknowledged is loss-free even before the cursor is durable (a crash then only
                // re-sends the acknowledged prefix of the partly acknowledged segment), so free space and retry.
                Log.CursorSaveFailed(_logger, e);
                DeleteAcknowledgedSegments(upToExclusive);
                _cursorFile.Save(upToExclusive);
            }
            lock (_state.Sync)
            {
                _state.Cursor = upToExclusive;
            }
            DeleteAcknowledgedSegments(upToExclusive);
            await _readGate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                var oldest = _reader.PeekAppendedMs(upToExclusive);
                lock (_state.Sync)
                {
                    if (oldest.HasValue || _state.CommittedNext <= _state.Cursor)
                    {
                        _state.OldestUnackedMs = oldest;
                    }
                }
            }
            finally
            {
                _readGate.Release();
            }
            _writer.SpaceFreed();
        }
        finally
        {
            _ackGate.Release();
        }
    }

    private void DeleteAcknowledgedSegments(ulong upToExclusive)
    {
        var victims = new List<Segment>();
        lock (_state.Sync)
        {
            foreach (var s in _state.Segments)
            {
                if (!s.Sealed || (s.RecordCount > 0 && s.LastRecordIndex >= upToExclusive))
                {
                    break;
                }
                victims.Add(s);
            }
        }
        foreach (var victim in victims)
        {
            SegmentStore.Delete(_state, victim, _logger);
        }
    }

    /// <summary>A consistent snapshot for metrics.</summary>
    public BufferStats Stats
    {
        get
        {
            lock (_state.Sync)
            {
                var first = Math.Max(_state.Cursor, _state.FirstAvailableIndex());
                var count = _state.CommittedNext > first ? (long)(_state.CommittedNext - first) : 0;
                DateTimeOffset? oldest = count > 0 && _state.OldestUnackedMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
                return new BufferStats(count, _state.DiskBytes, oldest, _state.DroppedRecords, _state.CorruptRecords,
                    _state.AppendedRecords, _state.NextIndex, _state.Cursor);
            }
        }
    }

    private void RaiseDropped(DroppedRange range) => Dropped?.Invoke(range);

    private static FileStream AcquireLock(string directory)
    {
        var path = Path.Combine(directory, LockFileName);
        try
        {
            // FileShare.None takes an exclusive flock on Unix: held until this process closes it or dies.
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new BufferLockedException(
                $"The buffer directory '{directory}' is already owned by another DurableBuffer (lock file '{path}' is held). " +
                "Only one gateway process may use a buffer directory.", e);
        }
    }

    /// <summary>Stops the writer (queued appends fail with <see cref="ObjectDisposedException"/>), closes files, releases the lock.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await _writer.DisposeAsync().ConfigureAwait(false);
        await _readGate.WaitAsync().ConfigureAwait(false);
        _reader.Dispose();
        _store.Dispose();
        await _lock.DisposeAsync().ConfigureAwait(false);
        _readGate.Dispose();
        _ackGate.Dispose();
    }
}
