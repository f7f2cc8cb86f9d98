using IIoT.OpcUa.Stack.Transport.Connection;

namespace IIoT.OpcUa.Stack.Tests.Transport.Connection;

/// <summary>Passes frames through and cancels <see cref="Cancel"/> once <paramref name="cancelAfterSends"/> frames went out.</summary>
internal sealed class CancellingTransport(IChunkTransport inner, int cancelAfterSends) : IChunkTransport
{
    private int _sends;

    public CancellationTokenSource Cancel { get; } = new();

    public uint ReceiveLimit { get => inner.ReceiveLimit; set => inner.ReceiveLimit = value; }

    public ValueTask<Frame> ReceiveAsync(CancellationToken cancellationToken) => inner.ReceiveAsync(cancellationToken);

    public async ValueTask SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        await inner.SendAsync(frame, cancellationToken);
        if (++_sends == cancelAfterSends)
        {
            await Cancel.CancelAsync();
        }
    }

    public ValueTask CloseAsync() => inner.CloseAsync();

    public ValueTask DisposeAsync() => CloseAsync();
}
