using Cluster.Inference.ModelCreation;
using Cluster.Inference.Tests.Fixtures;
using Cluster.Inference.Text;

namespace Cluster.Inference.Tests.Text;

[Collection(TinyModelCollection.Name)]
public sealed class ChatTemplateTests(TinyModelFixture fixture)
{
    [Fact]
    public void Apply_Llama3Template_RendersExactPrompt()
    {
        var template = fixture.Model.ChatTemplate;
        Assert.NotNull(template);
        Assert.Equal(LlamaChatTemplates.Llama3, template.Source);

        var rendered = template.Apply(
            [new ChatMessage("system", "You are terse."), new ChatMessage("user", "Hi there"), new ChatMessage("assistant", "Hello."), new ChatMessage("user", "Äpfel?")],
            addAssistant: true);

        Assert.Equal(
            "<|start_header_id|>system<|end_header_id|>\n\nYou are terse.<|eot_id|>" +
            "<|start_header_id|>user<|end_header_id|>\n\nHi there<|eot_id|>" +
            "<|start_header_id|>assistant<|end_header_id|>\n\nHello.<|eot_id|>" +
            "<|start_header_id|>user<|end_header_id|>\n\nÄpfel?<|eot_id|>" +
            "<|start_header_id|>assistant<|end_header_id|>\n\n",
            rendered);
    }

    [Fact]
    public void Apply_UnknownTemplate_NotSupported()
    {
        var template = new ChatTemplate("{{ nothing llama.cpp knows }}");

        Assert.Throws<NotSupportedException>(() => template.Apply([new ChatMessage("user", "hi")], addAssistant: true));
    }
}
