var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Services.AddClusterGateway(builder.Configuration);

var app = builder.Build();
app.UseClusterGateway();
app.MapClusterGateway();
await app.RunClusterGatewayAsync();
