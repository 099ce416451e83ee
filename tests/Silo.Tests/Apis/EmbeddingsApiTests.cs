using System.Buffers.Binary;
using System.ClientModel;
using System.Net;
using System.Text.Json;
using Cluster.Silo.Tests.Fixtures;
using OpenAI.Embeddings;

namespace Cluster.Silo.Tests.Apis;

public sealed class EmbeddingsApiTests(EmbeddingSiloFixture fixture) : IClassFixture<EmbeddingSiloFixture>
{
    private const string Model = EmbeddingSiloFixture.ModelId;
    private static readonly string[] Texts = ["The quick brown fox", "jumps over the lazy dog", "Hello, world", "Äpfel und Birnen", "山田さん"];

    [Fact]
    public async Task GenerateEmbeddings_SdkBatch_UnitVectorsOfModelWidthAndUsage()
    {
        var client = fixture.Silo.EmbeddingClient(Model);
        OpenAIEmbeddingCollection result = await client.GenerateEmbeddingsAsync(Texts);

        Assert.Equal(Texts.Length, result.Count);
        Assert.Equal([0, 1, 2, 3, 4], result.Select(embedding => embedding.Index));
        Assert.All(result, embedding => Assert.Equal(fixture.Reference.EmbeddingLength, embedding.ToFloats().Length));
        Assert.All(result, embedding => Assert.InRange(Norm(embedding.ToFloats().ToArray()), 1 - 1e-6, 1 + 1e-6));
        Assert.Equal(Model, result.Model);
        Assert.Equal(Texts.Sum(fixture.TokenCount), result.Usage.InputTokenCount);
        Assert.Equal(result.Usage.InputTokenCount, result.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task GenerateEmbeddings_BatchAndOneByOne_SameVectors()
    {
        var client = fixture.Silo.EmbeddingClient(Model);
        OpenAIEmbeddingCollection batch = await client.GenerateEmbeddingsAsync(Texts);
        for (var i = 0; i < Texts.Length; i++)
        {
            OpenAIEmbedding alone = await client.GenerateEmbeddingAsync(Texts[i]);
            EmbeddingAssert.Close(alone.ToFloats().ToArray(), batch[i].ToFloats().ToArray());
        }
    }

    [Fact]
    public async Task GenerateEmbedding_SameInputTwice_IdenticalVectors()
    {
        var client = fixture.Silo.EmbeddingClient(Model);
        OpenAIEmbedding first = await client.GenerateEmbeddingAsync("same words");
        OpenAIEmbedding second = await client.GenerateEmbeddingAsync("same words");
        Assert.Equal(first.ToFloats().ToArray(), second.ToFloats().ToArray());
    }

    [Fact]
    public async Task GenerateEmbeddings_TokenIds_EqualToTheSameText()
    {
        var client = fixture.Silo.EmbeddingClient(Model);
        var ids = fixture.Reference.Vocabulary.Tokenize(Texts[0], addSpecial: true, parseSpecial: false).Select(token => token.Value).ToArray();
        OpenAIEmbeddingCollection fromIds = await client.GenerateEmbeddingsAsync([new ReadOnlyMemory<int>(ids)]);
        OpenAIEmbedding fromText = await client.GenerateEmbeddingAsync(Texts[0]);
        Assert.Equal(fromText.ToFloats().ToArray(), fromIds[0].ToFloats().ToArray());
        Assert.Equal(ids.Length, fromIds.Usage.InputTokenCount);
    }

    [Fact]
    public async Task GenerateEmbedding_DimensionsOfTheModel_Accepted()
    {
        var client = fixture.Silo.EmbeddingClient(Model);
        OpenAIEmbedding embedding = await client.GenerateEmbeddingAsync("x", new EmbeddingGenerationOptions { Dimensions = fixture.Reference.EmbeddingLength });
        Assert.Equal(fixture.Reference.EmbeddingLength, embedding.ToFloats().Length);
    }

    [Fact]
    public async Task GenerateEmbedding_OtherDimensions_SdkSees400()
    {
        var client = fixture.Silo.EmbeddingClient(Model);
        var error = await Assert.ThrowsAsync<ClientResultException>(() => client.GenerateEmbeddingAsync("x", new EmbeddingGenerationOptions { Dimensions = 32 }));
        Assert.Equal(400, error.Status);
    }

    [Fact]
    public async Task Embeddings_FloatAndBase64_DecodeToTheSameValues()
    {
        var input = JsonSerializer.Serialize(Texts);
        using var floats = await fixture.Silo.Http.PostAsync("/v1/embeddings", $$"""{"model":"{{Model}}","input":{{input}},"encoding_format":"float"}""");
        using var base64 = await fixture.Silo.Http.PostAsync("/v1/embeddings", $$"""{"model":"{{Model}}","input":{{input}},"encoding_format":"base64"}""");
        var floatBody = await floats.ReadJsonAsync();
        var base64Body = await base64.ReadJsonAsync();

        Assert.Equal("list", floatBody.GetProperty("object").GetString());
        for (var i = 0; i < Texts.Length; i++)
        {
            var item = floatBody.GetProperty("data")[i];
            Assert.Equal("embedding", item.GetProperty("object").GetString());
            var fromFloats = item.GetProperty("embedding").EnumerateArray().Select(value => value.GetSingle()).ToArray();
            var bytes = Convert.FromBase64String(base64Body.GetProperty("data")[i].GetProperty("embedding").GetString()!);
            var fromBase64 = Enumerable.Range(0, bytes.Length / 4).Select(j => BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(j * 4))).ToArray();
            Assert.Equal(fromFloats, fromBase64);
        }

        Assert.Equal(floatBody.GetProperty("usage").GetRawText(), base64Body.GetProperty("usage").GetRawText());
    }

    [Fact]
    public async Task Embeddings_SecondInputTooLong_400NamingIt()
    {
        var tooLong = string.Join(' ', Enumerable.Repeat("word", EmbeddingSiloFixture.MaxInputTokens + 1));
        using var response = await fixture.Silo.Http.PostAsync("/v1/embeddings",
            $$"""{"model":"{{Model}}","input":["short",{{JsonSerializer.Serialize(tooLong)}}]}""");
        var message = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "input[1]", "context_length_exceeded");
        Assert.Equal($"input[1] has {fixture.TokenCount(tooLong)} tokens; the model 'embed' embeds at most 64 tokens per input. Shorten or split it.", message);
    }

    [Theory]
    [InlineData("""{"model":"embed"}""", "input", "missing_required_parameter")]
    [InlineData("""{"model":"embed","input":""}""", "input", "invalid_value")]
    [InlineData("""{"model":"embed","input":[]}""", "input", "invalid_value")]
    [InlineData("""{"model":"embed","input":["a",""]}""", "input[1]", "invalid_value")]
    [InlineData("""{"model":"embed","input":[[1,2],[]]}""", "input[1]", "invalid_value")]
    [InlineData("""{"model":"embed","input":["a",3]}""", "input[1]", "invalid_type")]
    [InlineData("""{"model":"embed","input":[1,-2]}""", "input", "invalid_type")]
    [InlineData("""{"model":"embed","input":[1,999999]}""", "input", "invalid_value")]
    [InlineData("""{"model":"embed","input":{"text":"a"}}""", "input", "invalid_type")]
    [InlineData("""{"model":"embed","input":"a","encoding_format":"int8"}""", "encoding_format", "invalid_value")]
    [InlineData("""{"model":"embed","input":"a","dimensions":0}""", "dimensions", "unsupported_value")]
    [InlineData("""{"model":"tiny","input":"a"}""", "model", "model_not_supported")]
    public async Task Embeddings_BadRequest_400NamingTheParameter(string body, string param, string code)
    {
        using var response = await fixture.Silo.Http.PostAsync("/v1/embeddings", body);
        await response.AssertErrorAsync(HttpStatusCode.BadRequest, param, code);
    }

    [Fact]
    public async Task Embeddings_UnknownModel_404()
    {
        using var response = await fixture.Silo.Http.PostAsync("/v1/embeddings", """{"model":"nope","input":"a"}""");
        await response.AssertErrorAsync(HttpStatusCode.NotFound, "model", "model_not_found");
    }

    [Theory]
    [InlineData("/v1/chat/completions", """{"model":"embed","messages":[{"role":"user","content":"hi"}]}""")]
    [InlineData("/v1/completions", """{"model":"embed","prompt":"hi"}""")]
    public async Task Generation_EmbeddingModel_400(string path, string body)
    {
        using var response = await fixture.Silo.Http.PostAsync(path, body);
        var message = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "model", "model_not_supported");
        Assert.Equal("The model 'embed' is an embedding model: it serves /v1/embeddings, not text generation.", message);
    }

    private static double Norm(float[] vector) => Math.Sqrt(vector.Sum(value => (double)value * value));
}
