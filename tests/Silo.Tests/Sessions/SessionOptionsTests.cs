using Cluster.Silo.Sessions;
using Cluster.Silo.Tests.Configuration;
using Cluster.Silo.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SessionOptions = Cluster.Grains.Sessions.SessionOptions;

namespace Cluster.Silo.Tests.Sessions;

[Collection(ConfigurationCollection.Name)]
public sealed class SessionOptionsTests : IDisposable
{
    private readonly PlaceholderModel _placeholder = new("cluster-silo-sessions-config-");

    private string ModelPath => _placeholder.FilePath;

    public void Dispose() => _placeholder.Dispose();

    [Fact]
    public async Task Build_SessionKeys_BindAndSetTheExpiryPeriod()
    {
        await using var app = SiloApp.Build([$"--model={ModelPath}", "--Silo:Sessions:IdleTimeToLive=00:01:00", "--Silo:Sessions:MaxSessions=7"]);

        var options = app.Services.GetRequiredService<IOptions<SessionOptions>>().Value;
        var expiry = app.Services.GetServices<IHostedService>().OfType<SessionExpiryService>().Single();

        Assert.Equal((TimeSpan.FromMinutes(1), 7), (options.IdleTimeToLive, options.MaxSessions));
        Assert.Equal(TimeSpan.FromSeconds(15), expiry.Period);
    }

    [Fact]
    public async Task StartAsync_BadSessionSettings_FailsNamingEachSetting()
    {
        await using var app = SiloApp.Build(["--urls=http://127.0.0.1:0", $"--model={ModelPath}", "--Silo:Sessions:IdleTimeToLive=00:00:00", "--Silo:Sessions:MaxSessions=0"]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Equal(
        [
            "Silo:Sessions:IdleTimeToLive is 00:00:00; set it to a positive time such as 00:30:00",
            "Silo:Sessions:MaxSessions is 0; set it to 1 or more (default 10000)",
        ], error.Failures);
    }
}
