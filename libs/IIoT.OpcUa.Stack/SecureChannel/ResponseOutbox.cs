using System.Threading.Channels;
using IIoT.OpcUa.Stack.Transport;
using IIoT.OpcUa.Stack.Transport.Connection;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Stack.SecureChannel;

/// <summary>
/// Sends a server channel's responses one at a time: most in the order their handlers finished, the ordered ones (see
/// <see cref="ServerSecureChannelOptions.ResponsesInRequestOrder"/>) in the order their requests arrived. Encoding each
/// response on its own thread and racing for the send lock let a later Publish response overtake an earlier one when
/// several completed together; node-opcua then showed an item going back to an older value.
/// </summary>
internal sealed class ResponseOutbox
{
    private readonly Channel<(uint TokenId, uint RequestId, IEncodeable Response)> _queue =
        Channel.CreateUnbounded<(uint, uint, IEncodeable)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<(uint TokenId, uint RequestId, Task<IEncodeable> Response)> _ordered =
        Channel.CreateUnbounded<(uint, uint, Task<IEncodeable>)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly SecureChunkLayer _layer;
    private readonly uint _channelId;

    public ResponseOutbox(SecureChunkLayer layer, uint channelId)
    {
        _layer = layer;
        _channelId = channelId;
    }

    /// <summary>Queues a response; never blocks. After <see cref="Complete"/> responses are dropped (the channel is ending).</summary>
    public void Post(uint tokenId, uint requestId, IEncodeable response) => _queue.Writer.TryWrite((tokenId, requestId, response));

    /// <summary>Takes a place in the ordered lane; called by the receive loop as the request arrives.</summary>
    public void PostInOrder(uint tokenId, uint requestId, Task<IEncodeable> response) => _ordered.Writer.TryWrite((tokenId, requestId, response));

    /// <summary>No more responses: the ordered lane drains into the send queue, which then ends.</summary>
    public void Complete() => _ordered.Writer.TryComplete();

    /// <summary>Sends until <see cref="Complete"/> and the queues are empty, or the connection is gone.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var lane = PumpOrderedAsync(cancellationToken);
        await SendQueuedAsync(cancellationToken).ConfigureAwait(false);
        await lane.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Moves ordered responses to the send queue, each only after every earlier one.</summary>
    private async Task PumpOrderedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var (tokenId, requestId, response) in _ordered.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await ((Task)response).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                // A cancelled handler (its session or the channel ended) has no response to send.
                if (response.IsCompletedSuccessfully) Post(tokenId, requestId, response.Result);
            }
        }
        finally
        {
            _queue.Writer.TryComplete();
        }
    }

    private async Task SendQueuedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var (tokenId, requestId, response) in _queue.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await SendAsync(tokenId, requestId, response, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is UacpException or OperationCanceledException)
        {
            // The channel is gone; the receive loop reports why. Whatever is still queued has no one to go to.
        }
    }

    private async Task SendAsync(uint tokenId, uint requestId, IEncodeable response, CancellationToken cancellationToken)
    {
        try
        {
            await _layer.SendAsync(MessageType.Message, _channelId, tokenId, null, requestId, ServiceMessage.Encode(response), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (UacpException e) when (e.StatusCode == StatusCodes.BadResponseTooLarge)
        {
            var fault = new ServiceFault { ResponseHeader = new ResponseHeader { ServiceResult = new StatusCode(e.StatusCode), Timestamp = UaDateTime.FromDateTime(DateTime.UtcNow) } };
            if (response is IServiceResponse { ResponseHeader: { } header }) fault.ResponseHeader.RequestHandle = header.RequestHandle;
            await _layer.SendAsync(MessageType.Message, _channelId, tokenId, null, requestId, ServiceMessage.Encode(fault), cancellationToken)
                .ConfigureAwait(false);
        }
    }
}
