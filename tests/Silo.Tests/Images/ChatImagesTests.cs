using Cluster.Inference.Text;
using Cluster.Silo.Generation;
using Cluster.Silo.Images;

namespace Cluster.Silo.Tests.Images;

public sealed class ChatImagesTests
{
    private const string M = ChatImages.Marker;

    [Fact]
    public void Arrange_SwiftTagsAndUrlParts_MarkersTakeImagesInPromptOrder()
    {
        ChatMessage[] turns = [new("system", "Be brief <image>"), new("user", $"<image> and {M}"), new("assistant", "ok"), new("user", $"{M} then <image>")];
        ImageReference[] parts = [new("part-1", "messages[1].content[1].image_url"), new("part-2", "messages[3].content[0].image_url")];

        var ordered = ChatImages.Arrange(turns, parts, ChatImages.Swift(["swift-0", "swift-1"]));

        Assert.Equal(["swift-0", "part-1", "part-2", "swift-1"], ordered.Select(image => image.Source));
        Assert.Equal(["images[0]", "messages[1].content[1].image_url", "messages[3].content[0].image_url", "images[1]"], ordered.Select(image => image.Param));
        Assert.Equal("Be brief <image>", turns[0].Content); // only user messages take images
        Assert.Equal($"{M} and {M}", turns[1].Content);
        Assert.Equal($"{M} then {M}", turns[3].Content);
    }

    [Fact]
    public void Arrange_SwiftImagesWithoutTags_GoBeforeTheFirstUserMessage()
    {
        ChatMessage[] turns = [new("system", "sys"), new("user", "Compare these"), new("user", "again")];

        var ordered = ChatImages.Arrange(turns, [], ChatImages.Swift(["a", "b"]));

        Assert.Equal(["a", "b"], ordered.Select(image => image.Source));
        Assert.Equal($"{M}\n{M}\nCompare these", turns[1].Content);
        Assert.Equal("again", turns[2].Content);
    }
}
