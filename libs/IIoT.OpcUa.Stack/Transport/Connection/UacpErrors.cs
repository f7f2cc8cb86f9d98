using System.Buffers;
using IIoT.OpcUa.Types;

namespace IIoT.OpcUa.Stack.Transport.Connection;

/// <summary>ERR handling shared by the handshake and the open connection (OPC 10000-6 §7.1.2.5).</summary>
internal static class UacpErrors
{
    /// <summary>Best effort: the peer may already be gone, and closing matters more than the ERR arriving.</summary>
    public static async ValueTask SendErrorAndCloseAsync(IChunkTransport transport, uint statusCode, string? reason)
    {
        try
        {
            var writer = new ArrayBufferWriter<byte>(UacpLimits.MaxErrorLength);
            new ErrorMessage(statusCode, Trim(reason)).Encode(writer);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await transport.SendAsync(writer.WrittenMemory, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is UacpException or OperationCanceledException)
        {
            // Nothing more can be told to a peer we cannot write to; close regardless.
        }
        finally
        {
            await transport.CloseAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Turns a received ERR frame into the exception to throw, and closes as the spec asks of the receiver.</summary>
    public static async ValueTask<UacpException> PeerErrorAsync(IChunkTransport transport, Frame frame)
    {
        await transport.CloseAsync().ConfigureAwait(false);
        return ErrorMessage.TryDecode(frame.Span, out var message, out var error)
            ? new UacpException(message.Error, message.Reason)
            : new UacpException(error, "Malformed ERR message from the peer.");
    }

    private static string? Trim(string? reason)
    {
        // Our own reasons are short; this only guards the 4096-byte limit against a long exception message.
        if (reason is null || UacpReader.StrictUtf8.GetByteCount(reason) <= UacpLimits.MaxReasonLength)
        {
            return reason;
        }

        return reason[..(UacpLimits.MaxReasonLength / 4)];
    }
}
