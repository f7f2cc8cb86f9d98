using IIoT.OpcUa.Stack.SecureChannel;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Client;

/// <summary>
/// One secure channel carrying an activated session. <see cref="Lost"/> is cancelled once the channel is known to be
/// dead, so everything waiting on it (publish requests, calls) lets go at once.
/// </summary>
internal sealed class ConnectedChannel(ClientSecureChannel channel, NodeId sessionId, NodeId authenticationToken) : IAsyncDisposable
{
    private readonly CancellationTokenSource _lost = new();
    private int _disposed;

    public ClientSecureChannel Channel { get; } = channel;

    public NodeId SessionId { get; } = sessionId;

    public NodeId AuthenticationToken { get; } = authenticationToken;

    public CancellationToken Lost => _lost.Token;

    public bool IsLost => _lost.IsCancellationRequested;

    /// <summary>Marks the channel dead; true for the first caller only.</summary>
    public bool MarkLost()
    {
        lock (_lost)
        {
            if (_lost.IsCancellationRequested)
            {
                return false;
            }

            _lost.Cancel();
            return true;
        }
    }

    /// <summary>Idempotent: the reconnect ladder and the session's own dispose may both get here.</summary>
    public async ValueTask DisposeAsync()
    {
        MarkLost();
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await Channel.DisposeAsync().ConfigureAwait(false);
        // _lost stays undisposed: late readers of Lost must see it cancelled, not ObjectDisposedException.
    }
}
