using System.Text.Json.Nodes;

namespace Cluster.Bench.Load;

/// <summary>What every request of a load run looks like; <paramref name="Sampling"/> replaces the default sampling fields.</summary>
internal sealed record LoadSettings(Uri BaseUrl, string Label, string Model, int PromptWords, int MaxTokens, int Rounds, JsonObject? Sampling = null);
