using IIoT.Gateway.Buffering;
using IIoT.Gateway.Uplink;
using Microsoft.Extensions.Options;

namespace IIoT.Gateway.Hosting;

/// <summary>Opens the buffer at start (a locked or unreadable buffer stops the gateway at once) and says what runs where.</summary>
internal sealed class StartupLog(DurableBuffer buffer, IOptions<GatewayOptions> gateway, IOptions<DurableBufferOptions> bufferOptions,
    IOptions<UplinkOptions> uplink, ILogger<StartupLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Log.GatewayStarted(logger, gateway.Value.Id, bufferOptions.Value.Directory, buffer.Stats.RecordCount, bufferOptions.Value.MaxBytes,
            bufferOptions.Value.Overflow.ToString(), string.Join(", ", uplink.Value.Urls));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
