using Cluster.Inference.Native;
using Cluster.Inference.Tests.Fixtures;

namespace Cluster.Inference.Tests.Text;

[Collection(TinyModelCollection.Name)]
public sealed class LlamaVocabularyTests(TinyModelFixture fixture)
{
    // llama.cpp's own tokenizer test vectors for this vocabulary (models/ggml-vocab-llama-bpe.gguf.inp/.out).
    public static TheoryData<int> VectorIndexes() => [.. Enumerable.Range(0, TokenizerVectors.Load().Count)];

    [Theory]
    [MemberData(nameof(VectorIndexes))]
    public void Tokenize_LlamaCppTestVector_ExactIds(int index)
    {
        var (text, expected) = TokenizerVectors.Load()[index];

        var tokens = fixture.Model.Vocabulary.Tokenize(text, addSpecial: false, parseSpecial: false);

        Assert.Equal(expected, tokens.Select(token => token.Value).ToArray());
    }

    [Fact]
    public void TokenizeThenDetokenize_Multilingual_RoundTripsWithExactIds()
    {
        const string text = "Hello, world! Äpfel нещо на Български 🦙.cpp 山田さん";
        var vocabulary = fixture.Model.Vocabulary;

        var tokens = vocabulary.Tokenize(text, addSpecial: true, parseSpecial: false);

        Assert.Equal(vocabulary.BeginningOfSequence, tokens[0]);
        Assert.Equal(128000, tokens[0].Value);
        Assert.Equal(text, vocabulary.Detokenize(tokens.AsSpan(1)));
        var (_, vectorIds) = TokenizerVectors.Load().Single(vector => vector.Text == " this is 🦙.cpp");
        Assert.Equal([420, 374, 11410, 99, 247, 13, 11055], vectorIds);
    }

    [Fact]
    public void SpecialTokens_Llama3Vocabulary_KnownIds()
    {
        var vocabulary = fixture.Model.Vocabulary;

        Assert.Equal(128256, vocabulary.TokenCount);
        Assert.Equal(128000, vocabulary.BeginningOfSequence.Value);
        Assert.True(vocabulary.AddsBeginningOfSequence);
        Assert.Contains(new LlamaToken(128009), vocabulary.EndOfGenerationTokens); // <|eot_id|>
        Assert.Contains(vocabulary.EndOfSequence, vocabulary.EndOfGenerationTokens);
        Assert.Equal([128006, 882, 128007], vocabulary.Tokenize("<|start_header_id|>user<|end_header_id|>", false, parseSpecial: true).Select(t => t.Value));
    }
}
