using Cluster.Grains.Models;

namespace Cluster.Gateway.Api;

/// <summary>
/// One model in GET /v1/models, with the silos where it is ready and the GPUs it uses on each; a LoRA adapter is a model
/// whose parent (and root) is its base model, as vLLM lists them; a base model is its own root.
/// </summary>
internal sealed record ClusterModel(string Id, string Object, long Created, string OwnedBy, string Root, string? Parent, int Replicas, IReadOnlyList<string> Silos,
    IReadOnlyList<ModelPlacementView> Placements, IReadOnlyList<string> Capabilities);

/// <summary>Where one replica of a model runs: its silo, its GPUs (empty on the CPU), the split mode and the device names.</summary>
internal sealed record ModelPlacementView(string Silo, IReadOnlyList<int> Gpus, string SplitMode, string Device);

/// <summary>The body of POST /admin/models/{model}/adapters.</summary>
internal sealed record AddAdapterRequest(string? Name, string? Path, float? Scale, IReadOnlyList<string>? Aliases);

/// <summary>What adding or removing an adapter did on each silo serving its model.</summary>
internal sealed record AdapterChangesView(string Model, string Adapter, IReadOnlyList<AdapterChangeView> Silos);

/// <summary>What adding or removing an adapter did on one silo, and, when it failed elsewhere, what undoing it there did.</summary>
internal sealed record AdapterChangeView(string Silo, AdapterChangeStatus Status, string Message, AdapterUndoView? Undo);

/// <summary>What undoing an adapter change did on one silo (Done, or why not: the silo's adapter sync then brings it to the kept set).</summary>
internal sealed record AdapterUndoView(AdapterChangeStatus Status, string Message);

/// <summary>The GET /v1/models list.</summary>
internal sealed record ClusterModelList(string Object, IReadOnlyList<ClusterModel> Data);

/// <summary>An undrain answer.</summary>
internal sealed record UndrainView(string Silo, bool Draining);

/// <summary>A key in GET /admin/keys (never the key itself).</summary>
internal sealed record KeyView(string Id, string Name, int RequestsPerMinute, int TokensPerMinute, DateTimeOffset CreatedAt, long Requests, long PromptTokens, long CompletionTokens, long CachedTokens);

/// <summary>POST /admin/keys body.</summary>
internal sealed record CreateKeyRequest(string? Name, int RequestsPerMinute, int TokensPerMinute);

/// <summary>POST /admin/keys answer: the only time the key is shown.</summary>
internal sealed record CreatedKey(string Id, string Name, string Key, int RequestsPerMinute, int TokensPerMinute);

/// <summary>GET /health/ready answer.</summary>
internal sealed record ReadinessView(string Status, int LiveSilos, IReadOnlyList<string> Models);

/// <summary>The answer to DELETE /v1/sessions/{id}, shaped like the OpenAI API's deletions.</summary>
internal sealed record DeletedSession(string Id, string Object, bool Deleted);
