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
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode || response.Content.Headers.ContentLength is not { } length)
            {
                return (null, Stopwatch.GetElapsedTime(started));
            }

            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                return (await KvWireFormat.ReadAsync(sessionKey, body, length, cancellationToken).ConfigureAwait(false), Stopwatch.GetElapsedTime(started));
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return (null, Stopwatch.GetElapsedTime(started));
        }
    }
}
