namespace IIoT.OpcUa.Stack.Transport.Connection;

/// <summary>
/// Moves whole UA-TCP frames (UACP messages and UASC chunks, header included) and nothing else.
/// Ownership: <see cref="SendAsync"/> does not keep the caller's memory after it completes; a frame returned by
/// <see cref="ReceiveAsync"/> belongs to the caller, who disposes it. One receiver at a time; sends may come from
/// several callers and are written whole, one after another.
/// Failures are <see cref="UacpException"/>s; cancellation is an <see cref="OperationCanceledException"/>.
/// </summary>
public interface IChunkTransport : IAsyncDisposable
{
    /// <summary>
    /// Largest frame accepted, checked from the header before the body is read: our ReceiveBufferSize before
    /// HEL/ACK, the negotiated one after.
    /// </summary>
    uint ReceiveLimit { get; set; }

    /// <summary>
    /// Receives one whole frame. A header that is invalid or over <see cref="ReceiveLimit"/> raises a
    /// <see cref="UacpException"/> with its status without reading the body; a connection that ends, even mid-frame,
    /// raises BadConnectionClosed.
    /// </summary>
    ValueTask<Frame> ReceiveAsync(CancellationToken cancellationToken);

    /// <summary>Sends one whole frame.</summary>
    ValueTask SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken);

    /// <summary>Closes the connection; pending and later receives on both ends end with BadConnectionClosed.</summary>
    ValueTask CloseAsync();
}
