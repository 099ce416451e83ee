using System.Collections;
using System.Reflection;
using Cluster.Grains.Models;
using Cluster.Grains.Sessions;
using Cluster.Inference.Generation;
using Cluster.Inference.Models;
using Cluster.Inference.Multimodal;
using Cluster.Inference.Native;
using Cluster.Inference.Sampling;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Cluster.Grains.Tests.Serialization;

/// <summary>
/// A relayed turn carries the engine's request and chunks through Orleans surrogates: every setting must arrive. The
/// samples set every property to a non-default value (checked by reflection), so a setting added to the engine without
/// its surrogate fails here.
/// </summary>
public sealed class RelayedTurnSerializationTests
{
    private static readonly Serializer Serializer = new ServiceCollection()
        .AddSerializer(builder => builder.AddAssembly(typeof(RelayedTurn).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>();

    [Fact]
    public void RoundTrip_RelayedTurnWithEverySettingSet_ArrivesEqual()
    {
        var sampling = new SamplingOptions
        {
            Temperature = 0.7f, TopP = 0.9f, TopK = 40, MinP = 0.05f, Seed = 7, PresencePenalty = 0.5f, FrequencyPenalty = 0.25f,
            RepetitionPenalty = 1.1f, PenaltyLastN = 32, LogitBias = new Dictionary<int, float> { [100] = 5f, [300] = -100f },
        };
        var request = new GenerationRequest
        {
            Prompt = [new LlamaToken(1), new LlamaToken(42)], Sampling = sampling, MaxTokens = 9, Stop = ["\n\n", "END"], IgnoreEos = true,
            SessionKey = "h:abc", TurnEndToken = new LlamaToken(128009), LogProbs = 3, Grammar = "root ::= \"x\"",
            Images = [new ImageSpan(1, 1, [0.5f, -1.25f], "sha")], Choices = 2,
        };
        AssertEverySet(sampling, new SamplingOptions());
        AssertEverySet(request, new GenerationRequest { Prompt = [] });
        var turn = new RelayedTurn(new SessionClaim("key_a", "tiny"), [new SessionMessage("user", "Hi")], request, [[1, 2, 3], [255]]);

        var copy = Serializer.Deserialize<RelayedTurn>(Serializer.SerializeToArray(turn))!;

        Assert.Equal(turn.Claim, copy.Claim);
        Assert.Equal(turn.Messages, copy.Messages);
        Assert.Equal(turn.Images, copy.Images);
        AssertSame(request, copy.Parameters);
        AssertSame(sampling, copy.Parameters.Sampling);
    }

    [Fact]
    public void RoundTrip_LastChunkAndRefusedStart_ArriveEqual()
    {
        var summary = new GenerationSummary(FinishReason.Length, 12, 3, "END", 8, new LlamaToken(2));
        var chunk = new GenerationChunk("héllo", [new LlamaToken(5), new LlamaToken(6)], summary)
        {
            LogProbs = [new TokenLogProb(new LlamaToken(5), -0.5f, [(new LlamaToken(5), -0.5f), (new LlamaToken(9), -1.25f)]), new TokenLogProb(new LlamaToken(6), -2f, [])],
            Choice = 1,
        };
        var start = new RelayedTurnStart(SessionLocationStatus.Found, "tiny", AdmissionStatus.Invalid,
            new GenerationRequestError("max_tokens", "context_length_exceeded", "too long"), TimeSpan.FromSeconds(2), 17);
        AssertEverySet(summary, new GenerationSummary(FinishReason.Stop, 0, 0, null));

        var copies = Serializer.Deserialize<RelayedTurnEvent[]>(Serializer.SerializeToArray(new[] { new RelayedTurnEvent(start, null), new RelayedTurnEvent(null, chunk) }))!;

        Assert.Equal(start, copies[0].Start);
        Assert.Null(copies[0].Chunk);
        Assert.Equal(("héllo", "5,6", 1), (copies[1].Chunk!.Text, string.Join(',', copies[1].Chunk!.Tokens), copies[1].Chunk!.Choice));
        Assert.Equal(summary, copies[1].Chunk!.Summary);
        Assert.Equal("5:-0.5[5:-0.5 9:-1.25] 6:-2[]", string.Join(' ', copies[1].Chunk!.LogProbs!.Select(p => $"{p.Token}:{p.LogProb}[{string.Join(' ', p.Top.Select(t => $"{t.Token}:{t.LogProb}"))}]")));
    }

    private static void AssertEverySet<T>(T sample, T defaults)
    {
        foreach (var property in Properties<T>())
        {
            Assert.False(Equivalent(property.GetValue(sample), property.GetValue(defaults)), $"{typeof(T).Name}.{property.Name} keeps its default in the sample");
        }
    }

    private static void AssertSame<T>(T expected, T actual)
    {
        foreach (var property in Properties<T>().Where(property => property.PropertyType != typeof(SamplingOptions)))
        {
            Assert.True(Equivalent(property.GetValue(expected), property.GetValue(actual)), $"{typeof(T).Name}.{property.Name} changed on the way");
        }
    }

    // Settable (init) properties, positional ones included; computed ones (HasPenalties, IsGreedy) have no setter and carry nothing.
    // A LoRA adapter is a native object of one silo: it does not travel, the owner's model (named by the claim) attaches its own.
    private static IEnumerable<PropertyInfo> Properties<T>() =>
        typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(property => property.SetMethod is not null && property.PropertyType != typeof(LoraAdapter));

    private static bool Equivalent(object? left, object? right) => (left, right) switch
    {
        (IEnumerable a, IEnumerable b) when left is not string => a.Cast<object>().SequenceEqual(b.Cast<object>()),
        _ => Equals(left, right),
    };
}
