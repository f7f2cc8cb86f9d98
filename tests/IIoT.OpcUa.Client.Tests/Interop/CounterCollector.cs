using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Client.Tests.Interop;

/// <summary>
/// Reads a subscription's notifications in the background and keeps the values of the server's UInt32 counter, the
/// gaps, and whether anything came by Republish: a counter that goes up by one per change shows any lost value.
/// </summary>
internal sealed class CounterCollector : IAsyncDisposable
{
    private readonly List<uint> _values = [];
    private readonly List<DataGap> _gaps = [];
    private readonly List<int> _gapPositions = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _republished;

    public CounterCollector(Subscription subscription)
    {
        _loop = Task.Run(() => ReadAsync(subscription, _stop.Token));
    }

    public int Republished => Volatile.Read(ref _republished);

    public uint[] Values
    {
        get
        {
            lock (_values)
            {
                return [.. _values];
            }
        }
    }

    public DataGap[] Gaps
    {
        get
        {
            lock (_values)
            {
                return [.. _gaps];
            }
        }
    }

    /// <summary>For each gap, the number of values received before it.</summary>
    public int[] GapPositions
    {
        get
        {
            lock (_values)
            {
                return [.. _gapPositions];
            }
        }
    }

    public uint Last
    {
        get
        {
            lock (_values)
            {
                return _values.Count == 0 ? 0 : _values[^1];
            }
        }
    }

    /// <summary>Values that are not previous + 1 (positions after the first), as "a->b" strings.</summary>
    public static List<string> Jumps(IReadOnlyList<uint> values, int from = 1)
    {
        var jumps = new List<string>();
        for (var i = Math.Max(from, 1); i < values.Count; i++)
        {
            if (values[i] != values[i - 1] + 1)
            {
                jumps.Add($"{values[i - 1]}->{values[i]}");
            }
        }

        return jumps;
    }

    /// <summary>
    /// Counter values between the first and the last one that never arrived, plus places where the counter went down.
    /// Duplicates are no loss: a server may resend a value in a new message after a reconnect.
    /// </summary>
    public static List<string> Lost(IReadOnlyList<uint> values)
    {
        var problems = new List<string>();
        for (var i = 1; i < values.Count; i++)
        {
            if (values[i] < values[i - 1])
            {
                problems.Add($"down {values[i - 1]}->{values[i]}");
            }
            else if (values[i] > values[i - 1] + 1)
            {
                problems.Add($"missing {values[i - 1] + 1}..{values[i] - 1}");
            }
        }

        return problems;
    }

    public static int Duplicates(IReadOnlyList<uint> values) => values.Count - values.Distinct().Count();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task ReadAsync(Subscription subscription, CancellationToken stop)
    {
        await foreach (var batch in subscription.Notifications.ReadAllAsync(stop))
        {
            lock (_values)
            {
                if (batch.Gap is not null)
                {
                    _gaps.Add(batch.Gap);
                    _gapPositions.Add(_values.Count);
                }

                if (batch.Republished)
                {
                    _republished++;
                }

                foreach (var notification in batch.Values)
                {
                    if (notification.Value.Value.Value is uint value)
                    {
                        _values.Add(value);
                    }
                }
            }
        }
    }
}
