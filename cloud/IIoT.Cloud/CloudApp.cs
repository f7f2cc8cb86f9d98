using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IIoT.Cloud;

/// <summary>The cloud service hosted in-process, for tests, benchmarks and end-to-end runs.</summary>
public static class CloudApp
{
    /// <summary>
    /// Starts the service on 127.0.0.1:<paramref name="port"/> (0: any free port, see <c>app.Urls</c>) with only
    /// <paramref name="settings"/> as configuration (keys like "Cloud:Storage:Url").
    /// </summary>
    public static async Task<WebApplication> StartAsync(IDictionary<string, string?> settings, int port = 0, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ApplicationName = typeof(CloudApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.AddCloud();
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapCloud();
        await app.StartAsync().ConfigureAwait(false);
        return app;
    }
}
