using System.Net;
using System.Net.Sockets;
using IIoT.Cloud.Configuration;
using Microsoft.Extensions.Options;

namespace IIoT.Cloud.Ingestion;

/// <summary>
/// API-01: counts authentication failures per remote address in a fixed one-minute window that opens at the
/// first failure. Once an address has used up its failures, every further request from it is refused until the
/// window closes, before any key is checked or any body read, so that keys cannot be guessed at line rate.
/// </summary>
/// <remarks>
/// Memory is bounded: at most <see cref="DefaultCapacity"/> addresses are tracked; beyond that the address whose
/// window opened first is forgotten (it is the one closest to expiring anyway). IPv6 addresses are counted per /64,
/// because one host usually holds a whole /64 and could otherwise rotate through it.
/// </remarks>
internal sealed class AuthFailureThrottle
{
    public const int DefaultCapacity = 10_000;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly int _maxFailures;
    private readonly int _capacity;
    private readonly TimeProvider _clock;
    private readonly Dictionary<IPAddress, LinkedListNode<Entry>> _entries = [];
    // Ordered by window start, oldest first: a window that (re)opens moves to the end.
    private readonly LinkedList<Entry> _byStart = new();
    private readonly Lock _lock = new();

    public AuthFailureThrottle(IOptions<CloudOptions> options, TimeProvider clock)
        : this(options.Value.Limits.MaxAuthFailuresPerMinute, clock)
    {
    }

    internal AuthFailureThrottle(int maxFailures, TimeProvider clock, int capacity = DefaultCapacity)
    {
        _maxFailures = maxFailures;
        _clock = clock;
        _capacity = capacity;
    }

    /// <summary>Addresses tracked now (for tests of the memory bound).</summary>
    public int TrackedAddresses
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>
    /// True when <paramref name="address"/> has used up its failures in the current window; then
    /// <paramref name="retryAfter"/> is the time until the window closes and <paramref name="firstRefusal"/> is true
    /// for the first refusal of this window only (so that it is logged once).
    /// </summary>
    public bool IsBlocked(IPAddress? address, out TimeSpan retryAfter, out bool firstRefusal)
    {
        var key = KeyOf(address);
        var now = _clock.GetUtcNow();
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                var entry = node.Value;
                var end = entry.WindowStart + Window;
                if (now < end && entry.Failures >= _maxFailures)
                {
                    retryAfter = end - now;
                    firstRefusal = !entry.Refused;
                    entry.Refused = true;
                    return true;
                }
            }
        }
        retryAfter = TimeSpan.Zero;
        firstRefusal = false;
        return false;
    }

    /// <summary>Counts one failed authentication of <paramref name="address"/>.</summary>
    public void RecordFailure(IPAddress? address)
    {
        var key = KeyOf(address);
        var now = _clock.GetUtcNow();
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                if (now < node.Value.WindowStart + Window)
                {
                    node.Value.Failures++;
                    return;
                }
                _byStart.Remove(node);
                _entries.Remove(key);
            }
            _entries[key] = _byStart.AddLast(new Entry(key, now) { Failures = 1 });
            while (_entries.Count > _capacity)
            {
                var oldest = _byStart.First!;
                _byStart.RemoveFirst();
                _entries.Remove(oldest.Value.Address);
            }
        }
    }

    private static IPAddress KeyOf(IPAddress? address)
    {
        if (address is null)
        {
            // No remote address (e.g. a Unix socket): all such callers share one budget.
            return IPAddress.None;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            Span<byte> bytes = stackalloc byte[16];
            address.TryWriteBytes(bytes, out _);
            bytes[8..].Clear();
            return new IPAddress(bytes);
        }
        return address;
    }

    private sealed class Entry(IPAddress address, DateTimeOffset windowStart)
    {
        public IPAddress Address { get; } = address;

        public DateTimeOffset WindowStart { get; } = windowStart;

        public int Failures { get; set; }

        public bool Refused { get; set; }
    }
}
