using System.Text;
using Cluster.Inference.Sampling;
using Cluster.Inference.Tests.Fixtures;

namespace Cluster.Inference.Tests.Sampling;

/// <summary>Penalties under a grammar count the tokens the sequence emitted: not a draw the grammar refused, none missed.</summary>
[Collection(TinyModelCollection.Name)]
public sealed class GrammarPenaltyTests(TinyModelFixture fixture)
{
    // Four letters, then letters or "x". The row prefers "x" (33) over a plateau of a, b, c, d (30), so the grammar
    // refuses the first four draws and the plateau is walked through; "x" was never emitted, so it keeps its 33 when
    // the grammar lets it in and takes frequency penalty 2 per emission from then on: 33, 31, 29, then 27 < 28.
    private const string Grammar = """root ::= [a-d] [a-d] [a-d] [a-d] [a-dx]+""";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Sample_FrequencyPenaltyWithGrammar_PenalisesExactlyTheEmittedTokens(bool candidateScan)
    {
        var vocabulary = fixture.Model.Vocabulary;
        var row = new float[vocabulary.TokenCount];
        foreach (var letter in "abcd")
        {
            row[Token(letter)] = 30f;
        }

        row[Token('x')] = 33f;
        using var chain = SamplerChain.Create(new SamplingOptions { Temperature = 0, FrequencyPenalty = 2f }, vocabulary, candidateScan: candidateScan);
        using var grammar = GrammarConstraint.TryCreate(vocabulary, Grammar, "root")!;

        var emitted = Enumerable.Range(0, 8).Select(_ => grammar.Sample(chain, row)).ToArray();

        Assert.Equal("abcdxxxa", string.Concat(emitted.Select(token => Encoding.UTF8.GetString(vocabulary.GetPieceBytes(token)))));
    }

    private int Token(char letter) => fixture.Model.Vocabulary.Tokenize(letter.ToString(), addSpecial: false, parseSpecial: false).Single().Value;
}
