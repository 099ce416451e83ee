namespace Cluster.Inference.ModelCreation;

/// <summary>Jinja chat templates written into created models as <c>tokenizer.chat_template</c>.</summary>
public static class LlamaChatTemplates
{
    /// <summary>
    /// The Llama-3 Instruct format: each message as <c>&lt;|start_header_id|&gt;role&lt;|end_header_id|&gt;</c>, a blank line,
    /// the trimmed content and <c>&lt;|eot_id|&gt;</c>; llama.cpp recognises it as its built-in <c>llama3</c> template.
    /// </summary>
    public const string Llama3 =
        "{{ bos_token }}"
        + "{% for message in messages %}"
        + "{{ '<|start_header_id|>' + message['role'] + '<|end_header_id|>\n\n' + (message['content'] | trim) + '<|eot_id|>' }}"
        + "{% endfor %}"
        + "{% if add_generation_prompt %}"
        + "{{ '<|start_header_id|>assistant<|end_header_id|>\n\n' }}"
        + "{% endif %}";
}
