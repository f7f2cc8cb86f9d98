using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace IIoT.Cloud.Dashboard;

/// <summary>
/// Counts failed logins per user name and per remote address in a fixed window that opens at the first failure.
/// While either has used up its failures, a login is refused before the password is checked, so that passwords
/// cannot be guessed at line rate from one address or spread over many addresses against one user.
/// </summary>
/// <remarks>
/// Memory is bounded: at most <see cref="Capacity"/> keys are tracked; beyond that the oldest window is forgotten.
/// IPv6 addresses count per /64, which one host usually holds whole.
/// </remarks>
internal sealed class LoginThrottle
{
    public const int Capacity = 10_000;

    private readonly DashboardOptions _options;
    private readonly TimeProvider _clock;
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _byStart = new();
    private readonly Lock _lock = new();

    public LoginThrottle(IOptions<DashboardOptions> options, TimeProvider clock)
    {
        _options = options.Value;
        _clock = clock;
    }

    public bool IsBlocked(string userName, IPAddress? address)
    {
        lock (_lock)
        {
            return Exhausted(UserKey(userName), _options.MaxLoginFailuresPerUser)
                || Exhausted(AddressKey(address), _options.MaxLoginFailuresPerAddress);
        }
    }

    public void RecordFailure(string userName, IPAddress? address)
    {
        lock (_lock)
        {
            Count(UserKey(userName));
            Count(AddressKey(address));
        }
    }

    /// <summary>A correct password clears the user's count (not the address's: one address may try many users).</summary>
    public void RecordSuccess(string userName)
    {
        lock (_lock)
        {
            if (_entries.Remove(UserKey(userName), out var node))
            {
                _byStart.Remove(node);
            }
        }
    }

    private bool Exhausted(string key, int max)
    {
        if (!_entries.TryGetValue(key, out var node))
        {
            return false;
        }
        return _clock.GetUtcNow() < node.Value.WindowStart + _options.LoginFailureWindow && node.Value.Failures >= max;
    }

    private void Count(string key)
    {
        var now = _clock.GetUtcNow();
        if (_entries.TryGetValue(key, out var node))
        {
            if (now < node.Value.WindowStart + _options.LoginFailureWindow)
            {
                node.Value.Failures++;
                return;
            }
            _byStart.Remove(node);
        }
        _entries[key] = _byStart.AddLast(new Entry(key, now) { Failures = 1 });
        while (_entries.Count > Capacity)
        {
            var oldest = _byStart.First!.Value;
            _byStart.RemoveFirst();
            _entries.Remove(oldest.Key);
        }
    }

    private static string UserKey(string userName) => "u:" + userName.ToUpperInvariant();

    private static string AddressKey(IPAddress? address)
    {
        if (address is null)
        {
            return "a:none";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            Span<byte> bytes = stackalloc byte[16];
            address.TryWriteBytes(bytes, out _);
            bytes[8..].Clear();
            address = new IPAddress(bytes);
        }
        return "a:" + address;
    }

    private sealed class Entry(string key, DateTimeOffset windowStart)
    {
        public string Key { get; } = key;

        public DateTimeOffset WindowStart { get; } = windowStart;

        public int Failures { get; set; }
    }
}
