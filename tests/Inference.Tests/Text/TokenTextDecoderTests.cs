using Cluster.Inference.Generation;
using Cluster.Inference.Native;
using Cluster.Inference.Sampling;
using Cluster.Inference.Tests.Fixtures;
using Cluster.Inference.Text;

namespace Cluster.Inference.Tests.Text;

[Collection(TinyModelCollection.Name)]
public sealed class TokenTextDecoderTests(TinyModelFixture fixture)
{
    [Fact]
    public void Append_CharacterSplitOverThreeTokens_ComesOutWholeOnTheLast()
    {
        var decoder = new TokenTextDecoder(fixture.Model.Vocabulary);
        int[] ids = [420, 374, 11410, 99, 247, 13, 11055]; // " this is 🦙.cpp": 🦙 spans tokens 11410, 99 and 247

        var pieces = ids.Select(id => decoder.Append(new LlamaToken(id))).ToArray();

        Assert.Equal([" this", " is", " ", "", "🦙", ".", "cpp"], pieces);
    }

    [Fact]
    public void Append_MultilingualTokens_NoReplacementCharacterAndExactText()
    {
        const string text = "Äpfel нещо на Български 🦙 山田さん ελληνικά";
        var vocabulary = fixture.Model.Vocabulary;
        var decoder = new TokenTextDecoder(vocabulary);

        var pieces = vocabulary.Tokenize(text, false, false).Select(decoder.Append).ToArray();

        Assert.DoesNotContain(pieces, piece => piece.Contains('\uFFFD', StringComparison.Ordinal));
        Assert.Equal(text, string.Concat(pieces));
    }

    [Fact]
    public async Task GenerateAsync_SampledMultibyteOutput_StreamEqualsDetokenizedTokens()
    {
        using var generator = new TextGenerator(fixture.Model, new LlamaContextOptions { ContextSize = 256, BatchSize = 64, MicroBatchSize = 64 });
        var vocabulary = fixture.Model.Vocabulary;
        var request = new GenerationRequest
        {
            Prompt = vocabulary.Tokenize("Переведи: 山田さん", true, false),
            Sampling = new SamplingOptions { Temperature = 1f, Seed = 7 },
            MaxTokens = 64,
            IgnoreEos = true,
        };

        var output = await Generate.CollectAsync(generator, request);

        Assert.Equal(vocabulary.Detokenize([.. output.Tokens]), output.Text);
        Assert.Contains(output.Text, c => c > 0x7F);
    }
}
