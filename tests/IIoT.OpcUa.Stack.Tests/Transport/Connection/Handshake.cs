using IIoT.OpcUa.Stack.Transport;
using IIoT.OpcUa.Stack.Transport.Connection;

namespace IIoT.OpcUa.Stack.Tests.Transport.Connection;

internal static class Handshake
{
    public const string Url = "opc.tcp://localhost:4840";

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Runs both sides of HEL/ACK on two connected transports.</summary>
    public static async Task<(UacpConnection Client, UacpConnection Server)> RunAsync(
        IChunkTransport client, IChunkTransport server, TransportLimits? clientLimits = null, TransportLimits? serverLimits = null)
    {
        var accept = UacpServerConnection.AcceptAsync(server, serverLimits ?? new TransportLimits()).AsTask();
        var connect = UacpClientConnection.ConnectAsync(client, Url, clientLimits ?? new TransportLimits()).AsTask();
        return (await connect.WaitAsync(Timeout), await accept.WaitAsync(Timeout));
    }

    public static Task<(UacpConnection Client, UacpConnection Server)> InMemoryAsync(
        TransportLimits? clientLimits = null, TransportLimits? serverLimits = null)
    {
        var (client, server) = InMemoryChunkTransport.CreatePair();
        return RunAsync(client, server, clientLimits, serverLimits);
    }

    public static async Task<(UacpConnection Client, UacpConnection Server)> TcpAsync(
        TransportLimits? clientLimits = null, TransportLimits? serverLimits = null)
    {
        var (client, server) = await TcpPair.ConnectAsync();
        return await RunAsync(StreamChunkTransport.FromSocket(client), StreamChunkTransport.FromSocket(server), clientLimits, serverLimits);
    }
}
