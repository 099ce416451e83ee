using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Cluster.Gateway.Nodes;

/// <summary>Reads an external node's GET /v1/models: the one call every OpenAI-compatible server answers (LMDeploy, vLLM, llama-server, our silos).</summary>
internal sealed class ExternalNodeProbe(IOptions<ExternalNodeOptions> options) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false, AutomaticDecompression = DecompressionMethods.All })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>The ids of the models it lists, or why it could not be read.</summary>
    public async Task<(IReadOnlyList<string>? Models, string? Error)> ReadModelsAsync(string url, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.ProbeTimeout);
        try
        {
            using var response = await _http.GetAsync(url + "/v1/models", timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                return (null, $"GET {url}/v1/models answered {(int)response.StatusCode}");
            }

            using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(timeout.Token), cancellationToken: timeout.Token);
            if (!document.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
            {
                return (null, $"GET {url}/v1/models answered no OpenAI model list (no \"data\" array)");
            }

            return ([.. data.EnumerateArray()
                .Select(model => model.ValueKind == JsonValueKind.Object && model.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString()! : null)
                .OfType<string>()
                .Distinct(StringComparer.Ordinal)], null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"GET {url}/v1/models did not answer within {options.Value.ProbeTimeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException error)
        {
            return (null, $"GET {url}/v1/models failed: {error.Message}");
        }
        catch (JsonException)
        {
            return (null, $"GET {url}/v1/models answered something that is not JSON");
        }
    }

    public void Dispose() => _http.Dispose();
}
