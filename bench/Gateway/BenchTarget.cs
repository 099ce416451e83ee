using System.Net;

namespace Cluster.Bench.Gateway;

/// <summary>One server the benchmark calls, with its own pooled connections (one handler per target).</summary>
internal sealed class BenchTarget : IDisposable
{
    public BenchTarget(string name, Uri baseAddress, string? clusterSecret = null)
    {
        Name = name;
        Http = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = 1024,
        })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromMinutes(2),
        };
        if (clusterSecret is not null)
        {
            Http.DefaultRequestHeaders.Add("X-Cluster-Secret", clusterSecret);
        }
    }

    /// <summary>"direct" or "gateway".</summary>
    public string Name { get; }

    /// <summary>The client, pooling connections to this target only.</summary>
    public HttpClient Http { get; }

    public void Dispose() => Http.Dispose();
}
