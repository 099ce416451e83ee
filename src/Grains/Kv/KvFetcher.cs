using System.Diagnostics;
using Cluster.Contracts.Internal;
using Cluster.Grains.Hosting;
using Cluster.Inference.Scheduling;
using Microsoft.Extensions.Options;

namespace Cluster.Grains.Kv;

/// <summary>Fetches a migrating session's KV from the silo that stashed it, over that silo's data plane.</summary>
public sealed class KvFetcher(HttpClient http, IOptions<ClusterConnectionOptions> cluster)
{
    /// <summary>The path of the stash endpoint on a silo.</summary>
    public const string PathPrefix = "/internal/kv/";

    /// <summary>The snapshot and how long the transfer took; null when the source no longer has it or cannot be reached.</summary>
    public async Task<(SessionSnapshot? Snapshot, TimeSpan Took)> FetchAsync(string sessionKey, KvHandle handle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var started = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(handle.Source), PathPrefix + handle.Handle));
        request.Headers.TryAddWithoutValidation(InternalHeaders.Secret, cluster.Value.Secret);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return (null, Stopwatch.GetElapsedTime(started));
            }

            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            return (KvWireFormat.Read(sessionKey, body), Stopwatch.GetElapsedTime(started));
        }
        catch (HttpRequestException)
        {
            return (null, Stopwatch.GetElapsedTime(started));
        }
    }
}
