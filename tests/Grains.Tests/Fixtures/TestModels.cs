using Cluster.Grains.Models;
using Cluster.Inference.Generation;
using Cluster.Inference.Sampling;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cluster.Grains.Tests.Fixtures;

/// <summary>Loads tiny models into model hosts and reads whole turns, for grain and runtime tests.</summary>
public static class TestModels
{
    /// <summary>Greedy, six tokens, end of sequence ignored: the same prompt gives the same tokens.</summary>
    public static readonly GenerationRequest Greedy = new() { Prompt = [], Sampling = SamplingOptions.Greedy, MaxTokens = 6, IgnoreEos = true };

    /// <summary>A loaded host of <paramref name="path"/> under <paramref name="modelId"/> (2 sequences of 512 tokens).</summary>
    public static async Task<ModelHost> LoadAsync(string path, string? modelId = null)
    {
        var host = new ModelHost(new ModelHostOptions { Path = path, ModelId = modelId, Scheduler = new() { Sequences = 2, ContextPerSequence = 512, StepTokenBudget = 64 } },
            NullLogger<ModelHost>.Instance);
        await host.LoadAsync(null, CancellationToken.None);
        Assert.Equal(ModelStatus.Ready, host.Status);
        return host;
    }

    /// <summary>Reads an accepted turn to its end.</summary>
    public static async Task<TurnOutput> ReadAsync(Admission admission)
    {
        Assert.Equal(AdmissionStatus.Accepted, admission.Status);
        var text = new System.Text.StringBuilder();
        var tokens = new List<int>();
        GenerationSummary? summary = null;
        await foreach (var chunk in admission.Stream!)
        {
            text.Append(chunk.Text);
            tokens.AddRange(chunk.Tokens.Select(token => token.Value));
            summary = chunk.Summary ?? summary;
        }

        return new TurnOutput(text.ToString(), tokens, summary);
    }
}

/// <summary>A whole turn's output.</summary>
public sealed record TurnOutput(string Text, IReadOnlyList<int> Tokens, GenerationSummary? Summary);
