using Cluster.Grains.Sessions;
using Cluster.Silo.Tests.Configuration;
using Cluster.Silo.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using SessionOptions = Cluster.Grains.Sessions.SessionOptions;

namespace Cluster.Silo.Tests.Sessions;

[Collection(ConfigurationCollection.Name)]
public sealed class SessionOptionsTests : IDisposable
{
    private readonly PlaceholderModel _placeholder = new("cluster-silo-sessions-config-");

    private string ModelPath => _placeholder.FilePath;

    public void Dispose() => _placeholder.Dispose();

    [Fact]
    public async Task Build_SessionKeys_BindAndSetTheSessionCollectionAge()
    {
        var (cluster, _) = SiloHost.ClusterSettings("options", null);
        await using var app = SiloApp.Build([.. cluster, $"--model={ModelPath}", "--Silo:Sessions:IdleTimeToLive=00:02:00", "--Silo:Sessions:HandoverTurnWait=00:00:03",
            "--Silo:Sessions:MaxStoredImageBytes=4096"]);

        var options = app.Services.GetRequiredService<IOptions<SessionOptions>>().Value;
        var collection = app.Services.GetRequiredService<IOptions<GrainCollectionOptions>>().Value;

        Assert.Equal((TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(3), 4096L), (options.IdleTimeToLive, options.HandoverTurnWait, options.MaxStoredImageBytes));
        Assert.Equal(TimeSpan.FromMinutes(2), collection.ClassSpecificCollectionAge[typeof(SessionGrain).FullName!]);
    }

    [Fact]
    public async Task StartAsync_BadSessionSettings_FailsNamingEachSetting()
    {
        var (cluster, _) = SiloHost.ClusterSettings("options", null);
        await using var app = SiloApp.Build([.. cluster, $"--model={ModelPath}", "--Silo:Sessions:IdleTimeToLive=00:00:30", "--Silo:Sessions:HandoverTurnWait=-00:00:01",
            "--Silo:Sessions:MaxStoredImageBytes=-1"]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Equal(
        [
            "Silo:Sessions:IdleTimeToLive is 00:00:30; set it above 00:01:00 (Orleans collects idle activations once a minute), such as 00:30:00",
            "Silo:Sessions:HandoverTurnWait is -00:00:01; set it to a positive time such as 00:00:10",
            "Silo:Sessions:MaxStoredImageBytes is -1; set it to 0 (keep no images) or more, such as 33554432",
        ], error.Failures);
    }

    [Fact]
    public async Task StartAsync_NoClusterSecret_FailsNamingTheSetting()
    {
        await using var app = SiloApp.Build(["--urls=http://127.0.0.1:0", $"--model={ModelPath}", "--Cluster:Membership=Redis"]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Equal(
        [
            "Cluster:Secret must be set to the cluster's shared secret (at least 16 characters, the same on every silo and gateway); silos answer their data plane only to callers that present it.",
            "Cluster:Redis must name the Redis server (e.g. \"redis:6379\") when Cluster:Membership is Redis.",
        ], error.Failures);
    }
}
