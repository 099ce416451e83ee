using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cluster.Contracts.Membership;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cluster.FunctionalTests.Fixtures;

/// <summary>
/// A small real Kestrel server speaking the silo's OpenAI surface (chat, streaming, health), heartbeating into a gateway.
/// Its answer names the silo and counts the messages it got, so tests can see where a request went and what it carried.
/// </summary>
public sealed class StubSilo : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _gateway;
    private readonly CancellationTokenSource _stop = new();
    private Task _heartbeats = Task.CompletedTask;
    private bool _killed;

    private StubSilo(string id, string model, WebApplication app, Uri gateway)
    {
        Id = id;
        Model = model;
        _app = app;
        _gateway = new HttpClient { BaseAddress = gateway };
    }

    /// <summary>The silo id.</summary>
    public string Id { get; }

    /// <summary>The model served.</summary>
    public string Model { get; }

    /// <summary>The silo's base URL.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>Queue depth reported in heartbeats (4 slots): 8 means a load of 2.</summary>
    public int ReportedQueue { get; set; }

    /// <summary>False makes /health/ready answer 503 (YARP's active probe then marks the silo unhealthy).</summary>
    public bool Ready { get; set; } = true;

    /// <summary>Answer every chat with 503.</summary>
    public bool Unavailable { get; set; }

    /// <summary>Stream this many content chunks, then drop the connection (like a process that died); -1 never.</summary>
    public int CutStreamAfter { get; set; } = -1;

    /// <summary>
    /// When set, a chat of a session answers 409 session_moved (as a silo that fenced the session for a hand-over), once this
    /// has run with the session id.
    /// </summary>
    public Func<string, Task>? Fenced { get; set; }

    /// <summary>Bodies of the chat requests received, in order.</summary>
    public ConcurrentQueue<JsonElement> Requests { get; } = new();

    /// <summary>X-Session-Id headers received, in order.</summary>
    public ConcurrentQueue<string> SessionHeaders { get; } = new();

    /// <summary>Starts a stub silo and its heartbeats into <paramref name="gateway"/>.</summary>
    public static async Task<StubSilo> StartAsync(string id, Uri gateway, string model = "tiny")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var silo = new StubSilo(id, model, app, gateway);
        app.MapGet("/health/ready", () => silo.Ready ? Results.Text("Healthy") : Results.StatusCode(503));
        app.MapPost("/v1/chat/completions", silo.ChatAsync);
        await app.StartAsync();
        silo.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        await silo.HeartbeatAsync(CancellationToken.None);
        silo._heartbeats = silo.HeartbeatLoopAsync();
        return silo;
    }

    /// <summary>The answer text this silo gives to a request with <paramref name="messages"/> messages.</summary>
    public string AnswerFor(int messages) => $"{Id} heard {messages}";

    /// <summary>Stops heartbeats and the server at once, dropping open connections: as if the process died.</summary>
    public async Task KillAsync()
    {
        if (_killed)
        {
            return;
        }

        _killed = true;
        await _stop.CancelAsync();
        await _heartbeats;
        using var now = new CancellationTokenSource();
        await now.CancelAsync();
        await _app.StopAsync(now.Token);
    }

    /// <summary>Sends one heartbeat now (after changing <see cref="ReportedQueue"/>).</summary>
    public async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        var heartbeat = new SiloHeartbeat(Id, Address.ToString().TrimEnd('/'), [Model], "Stub", 0, 4, 0, ReportedQueue, 0, 1000, 0);
        using var response = await _gateway.PostAsJsonAsync(MembershipEndpoints.Heartbeat, heartbeat, MembershipJsonContext.Default.SiloHeartbeat, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        await _app.DisposeAsync();
        _gateway.Dispose();
        _stop.Dispose();
    }

    private async Task HeartbeatLoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                try
                {
                    await HeartbeatAsync(_stop.Token);
                }
                catch (HttpRequestException)
                {
                    // The gateway may be stopping first.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ChatAsync(HttpContext context)
    {
        var body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body);
        Requests.Enqueue(body);
        if (context.Request.Headers.TryGetValue("X-Session-Id", out var session))
        {
            SessionHeaders.Enqueue(session.ToString());
        }

        if (Fenced is { } fenced && session.Count > 0)
        {
            await fenced(session.ToString());
            context.Response.StatusCode = 409;
            await context.Response.WriteAsJsonAsync(new { error = new { message = "moving", type = "invalid_request_error", param = "session_id", code = "session_moved" } });
            return;
        }

        if (Unavailable)
        {
            context.Response.StatusCode = 503;
            await context.Response.WriteAsJsonAsync(new { error = new { message = "draining", type = "server_error", param = (string?)null, code = "unavailable" } });
            return;
        }

        var answer = AnswerFor(body.GetProperty("messages").GetArrayLength());
        var usage = new { prompt_tokens = 10, completion_tokens = 3, total_tokens = 13, prompt_tokens_details = new { cached_tokens = 4 } };
        if (!(body.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True))
        {
            await context.Response.WriteAsJsonAsync(new
            {
                id = "chatcmpl-stub",
                @object = "chat.completion",
                model = Model,
                choices = new[] { new { index = 0, message = new { role = "assistant", content = answer }, finish_reason = "stop" } },
                usage,
            });
            return;
        }

        context.Response.ContentType = "text/event-stream";
        await WriteEventAsync(context, new { choices = new[] { new { index = 0, delta = new { role = "assistant", content = string.Empty } } } });
        var words = answer.Split(' ');
        for (var i = 0; i < words.Length; i++)
        {
            if (i == CutStreamAfter)
            {
                await Task.Delay(50);
                context.Abort();
                return;
            }

            await WriteEventAsync(context, new { choices = new[] { new { index = 0, delta = new { content = (i == 0 ? string.Empty : " ") + words[i] } } } });
        }

        await WriteEventAsync(context, new { choices = Array.Empty<object>(), usage });
        await context.Response.WriteAsync("data: [DONE]\n\n");
    }

    private static async Task WriteEventAsync(HttpContext context, object payload)
    {
        await context.Response.WriteAsync("data: " + JsonSerializer.Serialize(payload) + "\n\n", Encoding.UTF8);
        await context.Response.Body.FlushAsync();
    }
}
