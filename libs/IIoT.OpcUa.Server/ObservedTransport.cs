using IIoT.OpcUa.Stack.Transport.Connection;

namespace IIoT.OpcUa.Server;

/// <summary>
/// Passes frames through and cancels <see cref="Closed"/> as soon as the connection fails or is closed, so that
/// requests still in a handler (a held Publish) end at once instead of keeping the channel's shutdown waiting.
/// </summary>
internal sealed class ObservedTransport(IChunkTransport inner) : IChunkTransport
{
    private readonly CancellationTokenSource _closed = new();

    public CancellationToken Closed => _closed.Token;

    public uint ReceiveLimit
    {
        get => inner.ReceiveLimit;
        set => inner.ReceiveLimit = value;
    }

    public async ValueTask<Frame> ReceiveAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await inner.ReceiveAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Signal();
            throw;
        }
    }

    public ValueTask SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken) => inner.SendAsync(frame, cancellationToken);

    public ValueTask CloseAsync()
    {
        Signal();
        return inner.CloseAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync().ConfigureAwait(false);
        _closed.Dispose();
    }

    private void Signal()
    {
        try
        {
            _closed.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already disposed: nobody is waiting any more.
        }
    }
}
