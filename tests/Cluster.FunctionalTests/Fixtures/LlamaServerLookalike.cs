using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cluster.FunctionalTests.Fixtures;

/// <summary>
/// A real OpenAI-compatible server on Kestrel (127.0.0.1, its own port) that answers as llama-server does: /v1/models
/// lists its models, chat completions answer "from external" (streamed or not), and the user message picks an error in
/// another server's shape: "llama-400" (llama-server's {"error":{"code":400,…}}), "text-500" (plain text), "fastapi-422"
/// (FastAPI's {"detail":[…]}), "vllm-400" (vLLM's flat {"object":"error",…}). It records the headers it receives.
/// </summary>
public sealed class LlamaServerLookalike : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LlamaServerLookalike(WebApplication app, string[] models)
    {
        _app = app;
        Models = models;
        Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    }

    /// <summary>Its base URL, e.g. http://127.0.0.1:41234.</summary>
    public string Url { get; }

    /// <summary>The models /v1/models lists.</summary>
    public IReadOnlyList<string> Models { get; }

    /// <summary>The names of the headers of every chat request it received.</summary>
    public ConcurrentQueue<string[]> ReceivedHeaders { get; } = new();

    public static async Task<LlamaServerLookalike> StartAsync(params string[] models)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        LlamaServerLookalike? server = null;
        app.MapGet("/v1/models", () => Results.Text(JsonSerializer.Serialize(new
        {
            @object = "list",
            data = models.Select(id => new { id, @object = "model", owned_by = "llamacpp" }),
        }), "application/json"));
        app.MapPost("/v1/chat/completions", async (HttpContext context) =>
        {
            server!.ReceivedHeaders.Enqueue([.. context.Request.Headers.Keys]);
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            var model = body.RootElement.GetProperty("model").GetString();
            var text = body.RootElement.GetProperty("messages")[0].GetProperty("content").GetString();
            return text switch
            {
                "llama-400" => Results.Text("""{"error":{"code":400,"message":"the request exceeds the available context size","type":"invalid_request_error"}}""", "application/json", statusCode: 400),
                "text-500" => Results.Text("upstream exploded", "text/plain", statusCode: 500),
                "fastapi-422" => Results.Text("""{"detail":[{"loc":["body","messages"],"msg":"field required","type":"missing"}]}""", "application/json", statusCode: 422),
                "vllm-400" => Results.Text("""{"object":"error","message":"max_tokens is too large","type":"BadRequestError","param":"max_tokens","code":400}""", "application/json", statusCode: 400),
                _ when body.RootElement.TryGetProperty("stream", out var stream) && stream.GetBoolean() => Results.Text(
                    $"data: {Chunk(model, "from ")}\n\ndata: {Chunk(model, "external")}\n\ndata: [DONE]\n\n", "text/event-stream"),
                _ => Results.Text(JsonSerializer.Serialize(new
                {
                    id = "chatcmpl-ext",
                    @object = "chat.completion",
                    created = 1,
                    model,
                    choices = new[] { new { index = 0, message = new { role = "assistant", content = "from external" }, finish_reason = "stop" } },
                    usage = new { prompt_tokens = 5, completion_tokens = 2, total_tokens = 7 },
                }), "application/json"),
            };
        });
        await app.StartAsync();
        server = new LlamaServerLookalike(app, models);
        return server;
    }

    /// <summary>Stops listening, as a server that died: connections are refused from now on.</summary>
    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static string Chunk(string? model, string content) => JsonSerializer.Serialize(new
    {
        id = "chatcmpl-ext",
        @object = "chat.completion.chunk",
        created = 1,
        model,
        choices = new[] { new { index = 0, delta = new { content }, finish_reason = (string?)null } },
    });
}
