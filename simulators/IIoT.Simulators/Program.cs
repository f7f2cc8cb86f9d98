using IIoT.Simulators.Hosting;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.AddSimulator();
await builder.Build().RunAsync().ConfigureAwait(false);
