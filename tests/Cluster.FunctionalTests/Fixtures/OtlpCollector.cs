using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cluster.FunctionalTests.Fixtures;

/// <summary>
/// An OTLP/HTTP collector on Kestrel at 127.0.0.1:0 that keeps every protobuf body posted to /v1/traces. Tests look for raw bytes in
/// them (a trace id, a service or span name: protobuf writes bytes and strings as they are), so no OTLP schema is needed.
/// </summary>
public sealed class OtlpCollector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly object _gate = new();
    private readonly List<byte[]> _traces = [];
    private TaskCompletionSource _posted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private OtlpCollector(WebApplication app) => _app = app;

    /// <summary>The base URL to give as Telemetry:OtlpEndpoint (with OtlpProtocol HttpProtobuf).</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>Starts the collector.</summary>
    public static async Task<OtlpCollector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var collector = new OtlpCollector(app);
        app.MapPost("/v1/traces", collector.KeepAsync);
        app.MapPost("/v1/{signal}", () => Results.Bytes([], "application/x-protobuf"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        collector.Address = new Uri(address);
        return collector;
    }

    /// <summary>Waits until one body posted to /v1/traces contains every one of <paramref name="parts"/>; false after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForTraceAsync(TimeSpan timeout, params byte[][] parts)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            Task posted;
            lock (_gate)
            {
                if (_traces.Any(body => parts.All(part => body.AsSpan().IndexOf(part) >= 0)))
                {
                    return true;
                }

                posted = _posted.Task;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || await Task.WhenAny(posted, Task.Delay(left)) != posted)
            {
                return false;
            }
        }
    }

    /// <summary>The bodies kept so far that contain every one of <paramref name="parts"/>.</summary>
    public IReadOnlyList<byte[]> TracesWith(params byte[][] parts)
    {
        lock (_gate)
        {
            return [.. _traces.Where(body => parts.All(part => body.AsSpan().IndexOf(part) >= 0))];
        }
    }

    /// <summary>Which of <paramref name="parts"/> each body kept so far contains, for a failure message.</summary>
    public string Describe(params byte[][] parts)
    {
        lock (_gate)
        {
            return $"{_traces.Count} trace bodies: " + string.Join("; ", _traces.Select(body =>
                $"{body.Length} bytes [{string.Join(",", parts.Select(part => body.AsSpan().IndexOf(part) >= 0 ? "y" : "n"))}]"));
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<IResult> KeepAsync(HttpRequest request)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        lock (_gate)
        {
            _traces.Add(body.ToArray());
            _posted.TrySetResult();
            _posted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        return Results.Bytes([], "application/x-protobuf");
    }
}
