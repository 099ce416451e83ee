namespace Cluster.Silo.Tools;

/// <summary>What tool_choice asks of the model.</summary>
internal enum ToolChoiceKind
{
    /// <summary>Answer with text; the tools are not offered.</summary>
    None,

    /// <summary>Text or calls, as the model chooses; calls are recognised in its answer.</summary>
    Auto,

    /// <summary>At least one call to any tool, enforced by a grammar.</summary>
    Required,

    /// <summary>A call to one named function, enforced by a grammar.</summary>
    Named,
}
