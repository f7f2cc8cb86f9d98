using IIoT.OpcUa.Stack.Services;
using IIoT.OpcUa.Stack.SecureChannel;
using IIoT.OpcUa.Stack.Transport.Connection;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Client;

/// <summary>
/// The one place that sends a service request on a channel: stamps the RequestHeader (authentication token, request
/// handle, timestamp, timeout hint), applies the timeout, and turns a ServiceFault, a bad ServiceResult, an undecodable
/// answer or a channel failure into <see cref="ServiceResultException"/>. Cancellation by the caller is never wrapped.
/// </summary>
internal static class ServiceCaller
{
    private static uint _lastRequestHandle;

    public static Task<TResponse> CallAsync<TResponse>(
        ClientSecureChannel channel,
        NodeId authenticationToken,
        IServiceRequest request,
        TimeSpan timeout,
        TimeProvider time,
        CancellationToken cancellationToken)
        where TResponse : class, IServiceResponse, IEncodeable<TResponse>, new() =>
        CallAsync(channel, authenticationToken, request, timeout, time, EncodingOf<TResponse>.Id, DecoderOf<TResponse>.Decode, cancellationToken);

    /// <summary>
    /// As above, with a decoder of its own for the response body: Publish decodes its notifications straight from the
    /// received body instead of through a generated structure (see <see cref="PublishResult"/>).
    /// </summary>
    public static async Task<TResponse> CallAsync<TResponse>(
        ClientSecureChannel channel,
        NodeId authenticationToken,
        IServiceRequest request,
        TimeSpan timeout,
        TimeProvider time,
        uint responseEncodingId,
        ResponseDecoder<TResponse> decode,
        CancellationToken cancellationToken)
        where TResponse : class, IServiceResponse
    {
        request.RequestHeader = new RequestHeader
        {
            AuthenticationToken = authenticationToken,
            RequestHandle = Interlocked.Increment(ref _lastRequestHandle),
            Timestamp = UaDateTime.FromDateTime(time.GetUtcNow().UtcDateTime),
            TimeoutHint = (uint)Math.Clamp(timeout.TotalMilliseconds, 0, uint.MaxValue),
        };

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        ServiceMessage message;
        try
        {
            message = await channel.SendRequestAsync(request, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ServiceResultException(StatusCodes.BadTimeout, $"No response to {request.GetType().Name} within {timeout.TotalMilliseconds} ms.");
        }
        catch (UacpException e)
        {
            throw new ServiceResultException(e.StatusCode, $"{request.GetType().Name} failed on the channel: {e.Reason}", e);
        }
        catch (ObjectDisposedException e)
        {
            // A call that raced with the reconnect ladder closing a lost channel.
            throw new ServiceResultException(StatusCodes.BadNotConnected, "The channel was closed.", e);
        }
        catch (InvalidOperationException e)
        {
            // The channel was never opened or is already gone.
            throw new ServiceResultException(StatusCodes.BadNotConnected, e.Message, e);
        }

        try
        {
            if (message.EncodingId == ServiceFault.BinaryEncodingId)
            {
                var fault = message.Decode<ServiceFault>();
                throw new ServiceResultException(fault.ResponseHeader.ServiceResult.Code, $"{request.GetType().Name} was answered with a ServiceFault.");
            }

            if (message.EncodingId != responseEncodingId)
            {
                throw new ServiceResultException(StatusCodes.BadUnknownResponse, $"Expected {typeof(TResponse).Name}, received encoding id {message.EncodingId}.");
            }

            var response = decode(message.Body.Span);
            var result = response.ResponseHeader.ServiceResult;
            if (result.IsBad)
            {
                throw new ServiceResultException(result.Code, $"{request.GetType().Name} failed.");
            }

            return response;
        }
        catch (UaDecodingException e)
        {
            throw new ServiceResultException(StatusCodes.BadDecodingError, $"Undecodable {typeof(TResponse).Name}: {e.Message}", e);
        }
    }

    private static class DecoderOf<T>
        where T : IEncodeable<T>
    {
        public static readonly ResponseDecoder<T> Decode = static body =>
        {
            var reader = new UaBinaryReader(body);
            return T.Decode(ref reader);
        };
    }

    private static class EncodingOf<T>
        where T : IEncodeable, new()
    {
        public static readonly uint Id = new T().BinaryEncodingId;
    }
}
