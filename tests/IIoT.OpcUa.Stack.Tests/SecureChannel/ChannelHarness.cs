using IIoT.OpcUa.Stack.SecureChannel;
using IIoT.OpcUa.Stack.Tests.Transport.Connection;
using IIoT.OpcUa.Stack.Transport;
using IIoT.OpcUa.Stack.Transport.Connection;

namespace IIoT.OpcUa.Stack.Tests.SecureChannel;

/// <summary>HEL/ACK on a transport pair, a running <see cref="ServerSecureChannel"/> and the raw client end.</summary>
internal sealed class ChannelHarness : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public const uint ChannelId = 7;

    private ChannelHarness(IChunkTransport clientTransport, ChannelLimits clientLimits, ServerSecureChannel server, Task serverRun, EchoService service)
    {
        ClientTransport = clientTransport;
        ClientLimits = clientLimits;
        Server = server;
        ServerRun = serverRun;
        Service = service;
    }

    public IChunkTransport ClientTransport { get; }

    public ChannelLimits ClientLimits { get; }

    public ServerSecureChannel Server { get; }

    /// <summary>The server's RunAsync; ends on CLO, throws on a violation.</summary>
    public Task ServerRun { get; }

    public EchoService Service { get; }

    public static async Task<ChannelHarness> StartAsync(bool tcp, ServerSecureChannelOptions? serverOptions = null)
    {
        IChunkTransport client;
        IChunkTransport server;
        if (tcp)
        {
            var (clientSocket, serverSocket) = await TcpPair.ConnectAsync();
            client = StreamChunkTransport.FromSocket(clientSocket);
            server = StreamChunkTransport.FromSocket(serverSocket);
        }
        else
        {
            (client, server) = InMemoryChunkTransport.CreatePair();
        }

        var (clientConnection, serverConnection) = await Handshake.RunAsync(client, server);
        var service = new EchoService();
        var channel = new ServerSecureChannel(server, serverConnection.Limits, ChannelId, service.HandleAsync, serverOptions);
        var run = Task.Run(() => channel.RunAsync());
        return new ChannelHarness(client, clientConnection.Limits, channel, run, service);
    }

    public ClientSecureChannel CreateClient(ClientSecureChannelOptions? options = null) => new(ClientTransport, ClientLimits, options);

    public async ValueTask DisposeAsync()
    {
        await ClientTransport.CloseAsync();
        await ServerRun.WaitAsync(Timeout).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await Server.DisposeAsync();
    }
}
