using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cluster.FunctionalTests.Fixtures;

namespace Cluster.FunctionalTests.Security;

public sealed class ClusterTlsTests
{
    [Fact]
    public async Task MutualTls_TwoSilosAndGatewayShareCertificate_ChatAnswersAndBothSilosLive()
    {
        using var certificate = CertificateFile.Create();
        await using var cluster = await RealCluster.StartAsync(new ClusterSettings { Tls = certificate.Tls }, 2);

        using var chat = await Chat.PostAsync(cluster.Gateway.Client, Chat.Body(DemoModel.Id, ("user", "hi")));
        var ready = await cluster.Gateway.Client.GetFromJsonAsync<JsonElement>("/health/ready");

        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        Assert.Equal(2, ready.GetProperty("live_silos").GetInt32());
    }

    [Fact]
    public async Task MutualTls_GatewayWithOtherCertificate_NoLiveSilosAndChat503()
    {
        using var certificate = CertificateFile.Create();
        using var stranger = CertificateFile.Create("CN=stranger.test");
        await using var cluster = await RealCluster.StartAsync(new ClusterSettings { Tls = certificate.Tls }, 1);
        var gatewayPorts = cluster.Silos.Select(s => s.GatewayPort).ToArray();
        var settings = cluster.Settings.GatewaySettings(gatewayPorts);
        settings["Cluster:Tls:CertificatePath"] = stranger.Path;
        await using var outsider = await GatewayHost.StartAsync(settings, waitForCluster: false);

        // The barrier: a gateway with the cluster's certificate, started after the outsider, reaches the silo; the outsider had as long.
        var member = await cluster.StartGatewayAsync();
        await member.WaitForSilosAsync(1, TimeSpan.FromSeconds(10));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var ready = await outsider.Client.GetFromJsonAsync<JsonElement>("/health/ready", timeout.Token);
        using var chat = await outsider.Client.PostAsync("/v1/chat/completions", JsonContent.Create(Chat.Body(DemoModel.Id, ("user", "hi"))), timeout.Token);

        Assert.NotEqual(certificate.Thumbprint, stranger.Thumbprint);
        Assert.Equal(0, ready.GetProperty("live_silos").GetInt32());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, chat.StatusCode);
        var error = await Chat.ErrorAsync(chat);
        Assert.Equal("server_error", error.GetProperty("type").GetString());
        Assert.Equal("no_silo_available", error.GetProperty("code").GetString());
    }
}
