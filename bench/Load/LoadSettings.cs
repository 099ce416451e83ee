namespace Cluster.Bench.Load;

/// <summary>What every request of a load run looks like.</summary>
internal sealed record LoadSettings(Uri BaseUrl, string Label, string Model, int PromptWords, int MaxTokens, int Rounds);
