using IIoT.Cloud;

var builder = WebApplication.CreateBuilder(args);
builder.AddCloud();
var app = builder.Build();
app.MapCloud();
app.Run();
