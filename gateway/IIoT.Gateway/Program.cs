using IIoT.Gateway;
using IIoT.Observability;

// Settings files are looked up beside the program, whatever folder it is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddGateway();
var app = builder.Build();
app.MapGateway();
return await StartupErrors.RunAsync("gateway", () => app.RunAsync());
