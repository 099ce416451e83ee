using System.Globalization;
using System.Text.Json.Nodes;

namespace Cluster.FunctionalTests.Deployment;

/// <summary>
/// deploy/k8s rendered by the real <c>kubectl kustomize</c> (kustomize v5): structural checks of what a cluster would run (no
/// Kubernetes schema validator is obtainable here), and that its settings, ports and probes agree with the programs.
/// </summary>
public sealed class KustomizeTests
{
    public static TheoryData<string> Overlays => new() { ".", "overlays/gpu", "overlays/cpu", "overlays/external-redis" };

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Overlay_Rendered_GatewayIsReplicatedScaledAndProtected(string overlay)
    {
        var documents = await Rendered.KustomizeAsync(overlay);
        var gateway = documents.Find("Deployment", "gateway");
        var container = Container(gateway);
        var settings = Settings(documents);

        Assert.True(int.Parse(gateway["spec"]!["replicas"].Text(), CultureInfo.InvariantCulture) >= 2);
        Assert.True(int.Parse(documents.Find("HorizontalPodAutoscaler", "gateway")["spec"]!["minReplicas"].Text(), CultureInfo.InvariantCulture) >= 2);
        Assert.Equal("1", documents.Find("PodDisruptionBudget", "gateway")["spec"]!["minAvailable"].Text());
        Assert.Equal("/health/ready", container["readinessProbe"]!["httpGet"]!["path"].Text());
        Assert.Equal("/health/live", container["livenessProbe"]!["httpGet"]!["path"].Text());
        Assert.Equal("true", container["securityContext"]!["readOnlyRootFilesystem"].Text());
        Assert.Equal("true", gateway["spec"]!["template"]!["spec"]!["securityContext"]!["runAsNonRoot"].Text());
        Assert.Equal(Env(container, "ASPNETCORE_HTTP_PORTS"), Port(container, "http"));

        // SIGTERM comes after the preStop sleep; then the streams in flight get Gateway:Shutdown:Timeout.
        var grace = Seconds(gateway["spec"]!["template"]!["spec"]!["terminationGracePeriodSeconds"]);
        var preStop = Seconds(container["lifecycle"]!["preStop"]!["sleep"]!["seconds"]);
        Assert.True(grace > preStop + TimeSpan.Parse(settings["Gateway__Shutdown__Timeout"].Text(), CultureInfo.InvariantCulture), $"grace {grace}");
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Overlay_Rendered_SilosHostOnKubernetesWithProbesDrainAndMatchingIds(string overlay)
    {
        var documents = await Rendered.KustomizeAsync(overlay);
        var silo = documents.Find("StatefulSet", "silo");
        var pod = silo["spec"]!["template"]!;
        var container = Container(silo);
        var settings = Settings(documents);

        Assert.Equal("true", Env(container, "Cluster__Kubernetes"));
        Assert.Equal("Redis", settings["Cluster__Membership"].Text());
        Assert.Equal(settings["Cluster__ClusterId"].Text(), pod["metadata"]!["labels"]!["orleans/clusterId"].Text());
        Assert.Equal(settings["Cluster__ServiceId"].Text(), pod["metadata"]!["labels"]!["orleans/serviceId"].Text());
        Assert.Equal("metadata.labels['orleans/clusterId']", EnvSource(container, "ORLEANS_CLUSTER_ID"));
        Assert.Equal("status.podIP", EnvSource(container, "POD_IP"));
        Assert.Equal("/health/ready", container["readinessProbe"]!["httpGet"]!["path"].Text());
        Assert.Equal("/health/live", container["livenessProbe"]!["httpGet"]!["path"].Text());
        Assert.Equal(settings["Cluster__SiloPort"].Text(), Port(container, "orleans-silo"));
        Assert.Equal(settings["Cluster__GatewayPort"].Text(), Port(container, "orleans-gateway"));
        Assert.Equal(Env(container, "ASPNETCORE_HTTP_PORTS"), Port(container, "http"));
        Assert.Equal($"http://$(POD_IP):{Port(container, "http")}", Env(container, "Cluster__DataPlane__AdvertisedUrl"));
        Assert.StartsWith("/models/", settings["Silo__Models__0__Path"].Text(), StringComparison.Ordinal);
        Assert.Equal("/models", container["volumeMounts"]!.AsArray().Single(m => m!["name"].Text() == "models")!["mountPath"].Text());

        // The drain and the Orleans leave fit in the grace period.
        var drain = TimeSpan.Parse(settings["Silo__Shutdown__DrainTimeout"].Text(), CultureInfo.InvariantCulture) + TimeSpan.Parse(settings["Silo__Shutdown__LeaveTimeout"].Text(), CultureInfo.InvariantCulture);
        Assert.True(Seconds(pod["spec"]!["terminationGracePeriodSeconds"]) >= drain, $"the grace period is shorter than {drain}");

        // Orleans' Kubernetes hosting: the silos' account may watch and delete pods.
        var account = pod["spec"]!["serviceAccountName"].Text();
        var binding = documents.Find("RoleBinding", account);
        Assert.Equal(account, binding["subjects"]![0]!["name"].Text());
        var verbs = documents.Find("Role", binding["roleRef"]!["name"].Text())["rules"]![0]!["verbs"]!.AsArray().Select(v => v.Text()).ToHashSet();
        Assert.Superset(new HashSet<string> { "get", "list", "watch", "delete" }, verbs);
    }

    [Theory]
    [InlineData(".", true)]
    [InlineData("overlays/gpu", true)]
    [InlineData("overlays/cpu", false)]
    [InlineData("overlays/external-redis", true)]
    public async Task Overlay_Rendered_SilosGetOneGpuOnlyOnGpuNodes(string overlay, bool gpu)
    {
        var container = Container((await Rendered.KustomizeAsync(overlay)).Find("StatefulSet", "silo"));
        var resources = container["resources"]!;

        Assert.Equal(gpu ? "cluster-silo-cuda:latest" : "cluster-silo-cpu:latest", container["image"].Text());
        Assert.Equal(gpu ? "1" : null, (string?)resources["limits"]!["nvidia.com/gpu"]);
        Assert.Equal(gpu ? "1" : null, (string?)resources["requests"]!["nvidia.com/gpu"]);
    }

    [Theory]
    [InlineData(".", true)]
    [InlineData("overlays/cpu", true)]
    [InlineData("overlays/external-redis", false)]
    public async Task Overlay_Rendered_RedisIsPersistentOrExternal(string overlay, bool inCluster)
    {
        var documents = await Rendered.KustomizeAsync(overlay);
        var redis = documents.SingleOrDefault(d => d["kind"].Text() == "StatefulSet" && d["metadata"]!["name"].Text() == "redis");
        var secrets = documents.Find("Secret", SecretName(documents));

        Assert.Equal(inCluster, redis is not null);
        Assert.Equal(inCluster, documents.Any(d => d["kind"].Text() == "NetworkPolicy" && d["metadata"]!["name"].Text() == "redis"));
        Assert.True(secrets["data"]!.AsObject().ContainsKey("Cluster__Redis"));
        if (redis is not null)
        {
            var container = Container(redis);
            var arguments = string.Join(' ', container["args"]!.AsArray().Select(a => a.Text()));
            Assert.Contains("--appendonly yes", arguments, StringComparison.Ordinal);
            Assert.Equal("/data", container["volumeMounts"]![0]!["mountPath"].Text());
            Assert.Equal(container["volumeMounts"]![0]!["name"].Text(), redis["spec"]!["volumeClaimTemplates"]![0]!["metadata"]!["name"].Text());
            Assert.NotNull(container["readinessProbe"]);
            Assert.NotNull(container["livenessProbe"]);

            // Silos and gateways connect to the Redis Service with the password Redis requires.
            var connection = Decode(secrets, "Cluster__Redis");
            Assert.Equal($"redis:{Port(container, "redis")},password={Decode(secrets, "REDIS_PASSWORD")}", connection);
            Assert.Equal("redis", documents.Find("Service", "redis")["metadata"]!["name"].Text());
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Overlay_Rendered_OnlyGatewaysAndSilosReachSilos(string overlay)
    {
        var documents = await Rendered.KustomizeAsync(overlay);
        var policy = documents.Find("NetworkPolicy", "silo");
        var silo = Container(documents.Find("StatefulSet", "silo"));
        var rule = policy["spec"]!["ingress"]![0]!;

        Assert.Equal("silo", policy["spec"]!["podSelector"]!["matchLabels"]!["app.kubernetes.io/component"].Text());
        Assert.Equal(["gateway", "silo"], rule["from"]![0]!["podSelector"]!["matchExpressions"]![0]!["values"]!.AsArray().Select(v => v.Text()).Order());
        Assert.Equal(silo["ports"]!.AsArray().Select(p => p!["containerPort"].Text()).Order(), rule["ports"]!.AsArray().Select(p => p!["port"].Text()).Order());
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Overlay_Rendered_EverySettingBindsToTheCode(string overlay)
    {
        var documents = await Rendered.KustomizeAsync(overlay);
        var names = Settings(documents).Select(setting => setting.Key)
            .Concat(documents.Find("Secret", SecretName(documents))["data"]!.AsObject().Select(setting => setting.Key))
            .Concat(documents.Where(d => d["kind"].Text() is "Deployment" or "StatefulSet").SelectMany(d => Container(d)["env"]?.AsArray() ?? []).Select(e => e!["name"].Text()));

        Assert.Empty(names.Distinct().Select(SettingsSchema.Problem).OfType<string>());
    }

    private static JsonObject Container(JsonObject workload) => workload["spec"]!["template"]!["spec"]!["containers"]![0]!.AsObject();

    private static JsonObject Settings(IReadOnlyList<JsonObject> documents) =>
        documents.Single(d => d["kind"].Text() == "ConfigMap" && d["metadata"]!["name"].Text().StartsWith("cluster-settings", StringComparison.Ordinal))["data"]!.AsObject();

    private static string SecretName(IReadOnlyList<JsonObject> documents) =>
        documents.Single(d => d["kind"].Text() == "Secret" && d["metadata"]!["name"].Text().StartsWith("cluster-secrets", StringComparison.Ordinal))["metadata"]!["name"].Text();

    private static string Decode(JsonObject secret, string key) => System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(secret["data"]![key].Text()));

    private static string? Env(JsonObject container, string name) => (string?)container["env"]!.AsArray().SingleOrDefault(e => e!["name"].Text() == name)?["value"];

    private static string? EnvSource(JsonObject container, string name) =>
        (string?)container["env"]!.AsArray().Single(e => e!["name"].Text() == name)!["valueFrom"]!["fieldRef"]!["fieldPath"];

    private static string Port(JsonObject container, string name) => container["ports"]!.AsArray().Single(p => p!["name"].Text() == name)!["containerPort"].Text();

    private static TimeSpan Seconds(JsonNode? node) => TimeSpan.FromSeconds(int.Parse(node.Text(), CultureInfo.InvariantCulture));
}
