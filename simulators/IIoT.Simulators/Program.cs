using IIoT.Simulators.Hosting;
using Microsoft.Extensions.Hosting;

// Settings files are looked up beside the program, whatever folder it is started from.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddSimulator();
await builder.Build().RunAsync().ConfigureAwait(false);
