using System.Globalization;
using System.Text;
using IIoT.Cloud.Kpi;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace IIoT.Cloud.Dashboard;

/// <summary>
/// GET /api/v1/events: a Server-Sent Events stream per signed-in user. Sends event "kpis" each time the KPI service
/// has written new KPIs of the user's tenant (the page then fetches them), and a comment line every
/// <see cref="DashboardOptions.HeartbeatInterval"/> so that idle proxies keep the connection open.
/// </summary>
internal sealed class EventsEndpoint(IOptions<DashboardOptions> options, TimeProvider clock, IHostApplicationLifetime lifetime)
{
    public const string Path = "/api/v1/events";

    private static readonly byte[] Heartbeat = ": heartbeat\n\n"u8.ToArray();

    public async Task HandleAsync(HttpContext context)
    {
        var tenant = DashboardUser.Tenant(context);
        var response = context.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache, no-transform";
        // nginx and similar proxies would otherwise hold events back in their buffer.
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        // Ends with the client or with the service: an open stream must not hold up a graceful shutdown.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var ct = stop.Token;
        var notifier = context.RequestServices.GetService<IKpiNotifier>();
        var updates = (notifier?.UpdatesAsync(ct) ?? Never(ct)).GetAsyncEnumerator(ct);
        Task<bool>? next = null;
        try
        {
            // retry: how long the browser's EventSource waits before reconnecting after a drop.
            await WriteAsync(response, "retry: 5000\n: connected\n\n"u8.ToArray(), ct).ConfigureAwait(false);
            using var timer = new PeriodicTimer(options.Value.HeartbeatInterval, clock);
            next = updates.MoveNextAsync().AsTask();
            var tick = timer.WaitForNextTickAsync(ct).AsTask();
            while (true)
            {
                var done = await Task.WhenAny(next, tick).ConfigureAwait(false);
                if (done == next)
                {
                    if (!await next.ConfigureAwait(false))
                    {
                        return;
                    }
                    if (string.Equals(updates.Current, tenant, StringComparison.Ordinal))
                    {
                        await WriteAsync(response, KpisEvent(clock.GetUtcNow()), ct).ConfigureAwait(false);
                    }
                    next = updates.MoveNextAsync().AsTask();
                }
                else
                {
                    if (!await tick.ConfigureAwait(false))
                    {
                        return;
                    }
                    await WriteAsync(response, Heartbeat, ct).ConfigureAwait(false);
                    tick = timer.WaitForNextTickAsync(ct).AsTask();
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The browser went away or the service stops; the browser reconnects on its own.
        }
        finally
        {
            // An async iterator may only be disposed once its pending MoveNextAsync has finished.
            await stop.CancelAsync().ConfigureAwait(false);
            if (next is not null)
            {
                try
                {
                    await next.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }
            await updates.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static byte[] KpisEvent(DateTimeOffset now) => Encoding.UTF8.GetBytes(
        string.Create(CultureInfo.InvariantCulture, $"event: kpis\ndata: {{\"time\":\"{now.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}\"}}\n\n"));

    private static async Task WriteAsync(HttpResponse response, byte[] bytes, CancellationToken ct)
    {
        await response.Body.WriteAsync(bytes, ct).ConfigureAwait(false);
        await response.Body.FlushAsync(ct).ConfigureAwait(false);
    }

    /// <summary>No KPI service (disabled, or storage it cannot read): only heartbeats.</summary>
    private static async IAsyncEnumerable<string> Never([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
        yield break;
    }
}
