using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cluster.FunctionalTests.Fixtures;
using Cluster.Tests.Shared;

namespace Cluster.FunctionalTests.Deployment;

/// <summary>
/// The first host's compose topology without containers (no container engine runs on the build machines): Redis, the gateway and two
/// GPU silos started as processes with exactly the environment and arguments docker-compose.yml gives them. What a container would
/// change is mapped back: /models to the demo model's folder, Redis's /data to a temporary folder, and, as this machine is shared,
/// the silos' fixed ports to free ones.
/// </summary>
public sealed class ComposeTopologyTests : IDisposable
{
    private static readonly string[] PortSettings = ["ASPNETCORE_HTTP_PORTS", "Cluster__SiloPort", "Cluster__GatewayPort"];

    private readonly string _folder = Directory.CreateTempSubdirectory("compose-topology-").FullName;

    [Fact]
    public async Task FirstHostServices_StartedAsProcesses_ServeAChatThroughTheGateway()
    {
        var model = await DemoModel.PathAsync();
        var (redisPort, gatewayPort) = (FreePorts.Next(), FreePorts.Next());
        var envFile = Path.Combine(_folder, "first-host.env");
        await File.WriteAllLinesAsync(envFile, File.ReadLines(ComposeFile.Example("first-host")).Select(line => line.Split('=', 2)[0] switch
        {
            "COMPOSE_PROFILES" => "COMPOSE_PROFILES=first-host,gpus-2",
            "HOST_IP" or "REDIS_HOST" => line.Split('=')[0] + "=127.0.0.1",
            "REDIS_PORT" => $"REDIS_PORT={redisPort}",
            "GATEWAY_PORT" => $"GATEWAY_PORT={gatewayPort}",
            "MODELS_DIR" => $"MODELS_DIR={Path.GetDirectoryName(model)}",
            "MODEL_FILE" => $"MODEL_FILE={Path.GetFileName(model)}",
            _ => line,
        }));
        var compose = await ComposeFile.RenderAsync(envFile);
        Assert.Equal(["gateway", "redis", "silo-gpu0", "silo-gpu1"], compose.Started);

        var data = Directory.CreateDirectory(Path.Combine(_folder, "redis-data")).FullName;
        await using var redis = await RedisServer.StartAsync(redisPort, compose.Services["redis"]!["command"]!.AsArray().Skip(1).Select(a => a.Text() == "/data" ? data : a.Text()));
        var silos = new List<ChildProcess>();
        try
        {
            foreach (var silo in new[] { "silo-gpu0", "silo-gpu1" })
            {
                silos.Add(ChildProcess.StartDotnet(Path.GetDirectoryName(RepoPaths.SiloDll)!, [RepoPaths.SiloDll, "serve"], Remapped(compose.Environment(silo), model)));
            }

            await using var gateway = await GatewayProcess.StartAsync(compose.Environment("gateway"), gatewayPort);
            await gateway.WaitForSilosAsync(2, TimeSpan.FromSeconds(120));
            var apiKey = compose.Variables["API_KEY"];
            using var anonymous = await Chat.PostAsync(gateway.Client, Chat.Body(DemoModel.Id, ("user", "Hello")));
            using var answered = await Chat.PostAsync(gateway.Client, Chat.Body(Path.GetFileNameWithoutExtension(model), ("user", "Hello")), apiKey: apiKey);
            var completion = await answered.Content.ReadFromJsonAsync<JsonElement>();
            var nodes = await AdminNodesAsync(gateway.Client, compose.Variables["ADMIN_KEY"]);

            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
            Assert.Equal(4, completion.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
            Assert.Equal([$"{compose.Variables["NODE_NAME"]}-gpu0", $"{compose.Variables["NODE_NAME"]}-gpu1"], nodes.EnumerateArray().Select(node => node.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
            Assert.True(Directory.Exists(Path.Combine(data, "appendonlydir")), "Redis wrote no append-only file");
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // A container's view mapped onto this machine: /models is the model's folder, each fixed port a free one (the same in every setting).
    private static Dictionary<string, string> Remapped(IReadOnlyDictionary<string, string> environment, string model)
    {
        var ports = PortSettings.ToDictionary(name => environment[name], _ => FreePorts.Next().ToString(CultureInfo.InvariantCulture), StringComparer.Ordinal);
        return environment.ToDictionary(
            variable => variable.Key,
            variable => variable.Key switch
            {
                "Silo__Models__0__Path" => variable.Value.Replace("/models/", Path.GetDirectoryName(model) + "/", StringComparison.Ordinal),
                "Cluster__DataPlane__AdvertisedUrl" => ports.Aggregate(variable.Value, (url, port) => url.Replace($":{port.Key}", $":{port.Value}", StringComparison.Ordinal)),
                _ => ports.GetValueOrDefault(variable.Value, variable.Value),
            },
            StringComparer.Ordinal);
    }

    private static async Task<JsonElement> AdminNodesAsync(HttpClient gateway, string adminKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/nodes");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
        using var response = await gateway.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
