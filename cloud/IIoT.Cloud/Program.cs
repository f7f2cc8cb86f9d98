using IIoT.Cloud;
using IIoT.Observability;

// Settings files are looked up beside the program, whatever folder it is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddCloud();
var app = builder.Build();
app.MapCloud();
return await StartupErrors.RunAsync("cloud", () => app.RunAsync());
