using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace IIoT.Cloud.Kpi.Scheduling;

/// <summary>Fans a "tenant's KPIs changed" notice out to every current listener; never blocks the publisher.</summary>
internal sealed class KpiNotifier : IKpiNotifier
{
    private readonly Lock _lock = new();
    private readonly List<Channel<string>> _listeners = [];

    public void Publish(string tenant)
    {
        lock (_lock)
        {
            foreach (var listener in _listeners)
            {
                listener.Writer.TryWrite(tenant);
            }
        }
    }

    public async IAsyncEnumerable<string> UpdatesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Bounded and dropping the oldest: a stalled listener cannot make the scheduler wait or grow memory.
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(64)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        lock (_lock)
        {
            _listeners.Add(channel);
        }
        try
        {
            await foreach (var tenant in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return tenant;
            }
        }
        finally
        {
            lock (_lock)
            {
                _listeners.Remove(channel);
            }
        }
    }
}
