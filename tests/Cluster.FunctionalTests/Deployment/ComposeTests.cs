using System.Globalization;
using System.Text.Json.Nodes;

namespace Cluster.FunctionalTests.Deployment;

/// <summary>docker-compose.yml rendered by the real <c>docker-compose config</c> (Debian's docker-compose) with the documented env files.</summary>
public sealed class ComposeTests
{
    private static readonly string[] GpuSilos = [.. Enumerable.Range(0, 8).Select(gpu => $"silo-gpu{gpu}")];

    [Fact]
    public async Task FirstHost_Rendered_StartsRedisGatewayAndASiloPerGpuEachWithHealthCheckAndRestart()
    {
        var compose = await ComposeFile.RenderAsync(ComposeFile.Example("first-host"));

        Assert.Equal(["gateway", "redis", .. GpuSilos], compose.Started);
        foreach (var service in compose.Started)
        {
            Assert.NotNull(compose.Services[service]!["healthcheck"]!["test"]);
            Assert.Equal("unless-stopped", compose.Services[service]!["restart"].Text());
        }

        var redis = compose.Services["redis"]!;
        Assert.Contains("--appendonly yes", string.Join(' ', redis["command"]!.AsArray().Select(a => a.Text())), StringComparison.Ordinal);
        Assert.Contains("redis-data:/data:rw", redis["volumes"]!.AsArray().Select(v => v.Text()));
        Assert.Equal("true", compose.Services["gateway"]!["read_only"].Text());
        Assert.Equal("redis", compose.Services["gateway"]!["depends_on"]!.AsObject().Single().Key);
    }

    [Fact]
    public async Task FirstHost_Rendered_EverySiloHasItsOwnGpuPortsAndAdvertisedAddress()
    {
        var compose = await ComposeFile.RenderAsync(ComposeFile.Example("first-host"));
        var hostIp = compose.Variables["HOST_IP"];
        var ports = new List<string> { compose.Variables["REDIS_PORT"], compose.Variables["GATEWAY_PORT"] };

        for (var gpu = 0; gpu < GpuSilos.Length; gpu++)
        {
            var silo = compose.Services[GpuSilos[gpu]]!;
            var environment = compose.Environment(GpuSilos[gpu]);
            var http = environment["ASPNETCORE_HTTP_PORTS"];
            var device = silo["deploy"]!["resources"]!["reservations"]!["devices"]!.AsArray().Single()!;
            Assert.Equal("nvidia", device["driver"].Text());
            Assert.Equal([gpu.ToString(CultureInfo.InvariantCulture)], device["device_ids"]!.AsArray().Select(d => d.Text()));
            Assert.Equal(["gpu"], device["capabilities"]!.AsArray().Select(c => c.Text()));
            Assert.Equal($"http://{hostIp}:{http}", environment["Cluster__DataPlane__AdvertisedUrl"]);
            Assert.Equal(hostIp, environment["Cluster__AdvertisedIp"]);
            Assert.Contains($"/dev/tcp/127.0.0.1/{http} ", string.Join(' ', silo["healthcheck"]!["test"]!.AsArray().Select(t => t.Text())), StringComparison.Ordinal);
            Assert.Contains("GET /health/ready", string.Join(' ', silo["healthcheck"]!["test"]!.AsArray().Select(t => t.Text())), StringComparison.Ordinal);
            Assert.Equal($"/models/{compose.Variables["MODEL_FILE"]}", environment["Silo__Models__0__Path"]);
            Assert.Contains($"{compose.Variables["MODELS_DIR"]}:/models:ro", silo["volumes"]!.AsArray().Select(v => v.Text()));
            Assert.Equal("true", silo["read_only"].Text());
            ports.AddRange([http, environment["Cluster__SiloPort"], environment["Cluster__GatewayPort"]]);
        }

        Assert.Equal(ports.Count, ports.Distinct().Count());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public async Task GpuProfile_Rendered_StartsExactlyThatManySilos(int gpus)
    {
        var compose = await ComposeFile.RenderAsync(ComposeFile.Example("other-host"));

        var started = compose.Services.Where(s => s.Value!["profiles"]!.AsArray().Any(p => p.Text() == $"gpus-{gpus}")).Select(s => s.Key).Order(StringComparer.Ordinal);

        Assert.Equal(GpuSilos[..gpus], started);
    }

    [Fact]
    public async Task OtherHost_Rendered_StartsOnlySilosThatJoinTheFirstHostsRedis()
    {
        var compose = await ComposeFile.RenderAsync(ComposeFile.Example("other-host"));
        var environment = compose.Environment("silo-gpu0");

        Assert.Equal(GpuSilos, compose.Started);
        Assert.Equal($"{compose.Variables["REDIS_HOST"]}:{compose.Variables["REDIS_PORT"]},password={compose.Variables["REDIS_PASSWORD"]}", environment["Cluster__Redis"]);
        Assert.NotEqual(compose.Variables["REDIS_HOST"], compose.Variables["HOST_IP"]);
        Assert.Equal(compose.Variables["HOST_IP"], environment["Cluster__AdvertisedIp"]);
        Assert.Equal("Redis", environment["Cluster__Membership"]);
    }

    [Theory]
    [InlineData("first-host")]
    [InlineData("other-host")]
    public async Task HostEnv_Rendered_EverySettingBindsToTheCodeAndShutdownFitsTheGracePeriod(string host)
    {
        var compose = await ComposeFile.RenderAsync(ComposeFile.Example(host));
        var names = compose.Services.SelectMany(service => compose.Environment(service.Key).Keys).Distinct();

        Assert.Empty(names.Select(SettingsSchema.Problem).OfType<string>());
        foreach (var silo in compose.Services.Where(s => s.Key.StartsWith("silo-", StringComparison.Ordinal)))
        {
            var environment = compose.Environment(silo.Key);
            var shutdown = TimeSpan.Parse(environment["Silo__Shutdown__DrainTimeout"], CultureInfo.InvariantCulture) + TimeSpan.Parse(environment["Silo__Shutdown__LeaveTimeout"], CultureInfo.InvariantCulture);
            Assert.True(GracePeriod(silo.Value!) >= shutdown, $"{silo.Key}: grace period shorter than the drain and the leave ({shutdown})");
        }
    }

    private static TimeSpan GracePeriod(JsonNode service) =>
        service["stop_grace_period"].Text() is var text && text.EndsWith('s') ? TimeSpan.FromSeconds(int.Parse(text[..^1], CultureInfo.InvariantCulture))
        : throw new Xunit.Sdk.XunitException($"stop_grace_period {text} is not in seconds");
}
