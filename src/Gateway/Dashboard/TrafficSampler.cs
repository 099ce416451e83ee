using Cluster.Grains.Silos;

namespace Cluster.Gateway.Dashboard;

/// <summary>
/// Once a second: adds the tokens the silos generated since the last look to <see cref="TrafficHistory"/> (from each model's
/// growing <c>GeneratedTokens</c>), and remembers silos that left the catalog so the dashboard can show them as down.
/// </summary>
internal sealed class TrafficSampler(SiloCatalog catalog, TrafficHistory history, TimeProvider time) : BackgroundService
{
    /// <summary>How long a departed silo stays listed.</summary>
    public static readonly TimeSpan DepartedFor = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    private readonly Dictionary<(string Silo, string Model), long> _generated = [];
    private readonly Dictionary<string, SiloInfo> _present = new(StringComparer.Ordinal);
    private volatile DepartedSilo[] _departed = [];

    /// <summary>Silos that left the catalog in the last <see cref="DepartedFor"/>, and have not come back.</summary>
    public IReadOnlyList<DepartedSilo> Departed => _departed;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Sample();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>One look at the catalog (also called by tests' clocks through the timer).</summary>
    internal void Sample()
    {
        var now = time.GetUtcNow();
        var silos = catalog.Silos;
        long tokens = 0;
        foreach (var silo in silos)
        {
            foreach (var model in silo.Models)
            {
                var key = (silo.Name, model.ModelId);
                var before = _generated.GetValueOrDefault(key, model.GeneratedTokens);

                // A restarted scheduler counts from zero again: its new tokens are all it has.
                tokens += model.GeneratedTokens >= before ? model.GeneratedTokens - before : model.GeneratedTokens;
                _generated[key] = model.GeneratedTokens;
            }
        }

        history.RecordTokens(tokens);
        var departed = _departed.Where(d => now - d.LastSeen < DepartedFor && !silos.Any(s => s.Name == d.Name)).ToList();
        foreach (var gone in _present.Values.Where(p => !silos.Any(s => s.Name == p.Name)))
        {
            departed.Add(new DepartedSilo(gone.Name, gone.HttpAddress, now));
            foreach (var key in _generated.Keys.Where(k => k.Silo == gone.Name).ToList())
            {
                _generated.Remove(key);
            }
        }

        _present.Clear();
        foreach (var silo in silos)
        {
            _present[silo.Name] = silo;
        }

        _departed = [.. departed.OrderBy(d => d.Name, StringComparer.Ordinal)];
    }
}
