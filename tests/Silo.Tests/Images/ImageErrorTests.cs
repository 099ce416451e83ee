using System.Net;
using Cluster.Silo.Tests.Fixtures;
using static Cluster.Silo.Tests.Images.VisionChatTests;

using Cluster.Tests.Shared;

namespace Cluster.Silo.Tests.Images;

[Collection(VisionSiloCollection.Name)]
public sealed class ImageErrorTests(VisionSiloFixture fixture)
{
    private static readonly string SmallPng = TestImages.DataUrl(TestImages.Png(16, 16, 1));

    [Fact]
    public async Task CreateChatCompletion_ImageToTextOnlyModel_400NamingTheModel()
    {
        using var response = await PostAsync(VisionSiloFixture.TextModel, UserParts(Text("Hi"), Image(SmallPng)));

        var message = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "messages", "image_content_not_supported");
        Assert.Equal("The model 'text' does not take images (it has no vision projector); send text only, or use a model configured with Silo:Models:N:Projector.", message);
    }

    [Fact]
    public async Task CreateChatCompletion_UndecodableImage_400InvalidImage()
    {
        var notAnImage = "data:image/png;base64," + Convert.ToBase64String("this is plain text, not a picture"u8.ToArray());

        using var response = await PostAsync(VisionSiloFixture.VisionModel, UserParts(Image(SmallPng), Image(notAnImage)));

        var message = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "messages", "invalid_image");
        Assert.Equal("image 2 could not be decoded; send a JPEG, PNG, GIF, BMP, TGA, PSD, HDR or PNM image.", message);
    }

    [Fact]
    public async Task CreateChatCompletion_TwentyMegabyteImage_PassesBodyAndImageLimits()
    {
        var bmp = TestImages.Bmp(2580, 2580, 3);
        Assert.InRange(bmp.Length, 19_900_000, 20 * 1024 * 1024);

        using var response = await PostAsync(VisionSiloFixture.VisionModel, UserParts(Image("data:image/bmp;base64," + Convert.ToBase64String(bmp))), "\"max_tokens\":1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(fixture.PromptTokens("<__media__>", bmp), (await response.ReadJsonAsync()).Usage("prompt_tokens"));
    }

    [Fact]
    public async Task CreateChatCompletion_ImageOverTwentyMebibytes_413ImageTooLarge()
    {
        var bmp = TestImages.Bmp(2700, 2700, 3);

        using var response = await PostAsync(VisionSiloFixture.VisionModel, UserParts(Image("data:image/bmp;base64," + Convert.ToBase64String(bmp))));

        var message = await response.AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge, "messages[0].content[0].image_url", "image_too_large");
        Assert.Equal("The image at messages[0].content[0].image_url is larger than 20971520 bytes (Silo:Images:MaxImageBytes).", message);
    }

    [Fact]
    public async Task CreateChatCompletion_UrlThatNeverAnswers_400AfterTheFetchTimeout()
    {
        using var response = await PostAsync(VisionSiloFixture.VisionModel, UserParts(Text("x"), Image(fixture.Images.Url("/hang"))));

        var message = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "messages[0].content[1].image_url", "image_fetch_timeout");
        Assert.Equal("The image at messages[0].content[1].image_url could not be fetched: no complete answer within 3 s (Silo:Images:FetchTimeout).", message);
    }

    [Fact]
    public async Task CreateChatCompletion_UrlOnPrivateAddressNotAllowed_400Refused()
    {
        using var response = await PostAsync(VisionSiloFixture.VisionModel, UserParts(Image(fixture.Images.Url("/png/1.png", host: "127.0.0.1"))));

        var message = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "messages[0].content[0].image_url", "image_url_refused");
        Assert.StartsWith("The image at messages[0].content[0].image_url was not fetched: its host '127.0.0.1' resolves to the private address 127.0.0.1;", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateChatCompletion_UrlAnswering404_400NamingTheStatus()
    {
        using var response = await PostAsync(VisionSiloFixture.VisionModel, UserParts(Image(fixture.Images.Url("/missing"))));

        var message = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "messages[0].content[0].image_url", "image_fetch_failed");
        Assert.Equal("The image at messages[0].content[0].image_url could not be fetched: the server answered HTTP 404.", message);
    }

    private Task<HttpResponseMessage> PostAsync(string model, string messages, string extra = "\"max_tokens\":2") =>
        fixture.Silo.Http.PostAsync("/v1/chat/completions", $$"""{"model":"{{model}}","messages":{{messages}},{{extra}}}""");
}
