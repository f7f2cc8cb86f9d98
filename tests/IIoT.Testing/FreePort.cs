using System.Net;
using System.Net.Sockets;

namespace IIoT.Testing;

/// <summary>Loopback ports that nothing listens on at the moment of asking.</summary>
public static class FreePort
{
    private static readonly HashSet<int> Handed = [];

    public static int Next()
    {
        lock (Handed)
        {
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                listener.Stop();
                // Never hand the same port to two fixtures of one test run.
                if (Handed.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
