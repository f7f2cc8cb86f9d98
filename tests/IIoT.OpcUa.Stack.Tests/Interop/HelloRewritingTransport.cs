using System.Buffers;
using IIoT.OpcUa.Stack.Transport;
using IIoT.OpcUa.Stack.Transport.Connection;

namespace IIoT.OpcUa.Stack.Tests.Interop;

/// <summary>
/// Replaces the HEL our client sends with a given one: <see cref="TransportLimits.Validate"/> rightly refuses to
/// build a HEL that breaks the spec, but the interop tests need to see how node-opcua answers one.
/// </summary>
internal sealed class HelloRewritingTransport(IChunkTransport inner, HelloMessage hello) : IChunkTransport
{
    private bool _rewritten;

    public uint ReceiveLimit
    {
        get => inner.ReceiveLimit;
        set => inner.ReceiveLimit = value;
    }

    public ValueTask<Frame> ReceiveAsync(CancellationToken cancellationToken) => inner.ReceiveAsync(cancellationToken);

    public ValueTask SendAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        if (_rewritten)
        {
            return inner.SendAsync(frame, cancellationToken);
        }
        _rewritten = true;
        var replaced = new ArrayBufferWriter<byte>();
        hello.Encode(replaced);
        return inner.SendAsync(replaced.WrittenMemory, cancellationToken);
    }

    public ValueTask CloseAsync() => inner.CloseAsync();

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
