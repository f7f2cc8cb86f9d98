using System.Net;
using System.Net.Sockets;

namespace IIoT.OpcUa.Stack.Tests.Transport.Connection;

/// <summary>A connected loopback socket pair from a TcpListener on port 0.</summary>
internal static class TcpPair
{
    public static async Task<(Socket Client, Socket Server)> ConnectAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accept = listener.AcceptSocketAsync();
        var client = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        var server = await accept.WaitAsync(TimeSpan.FromSeconds(10));
        return (client, server);
    }
}
