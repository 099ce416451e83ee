namespace Cluster.Gateway.Routing;

/// <summary>How requests are routed to silos (section "Gateway:Routing").</summary>
public sealed record RoutingOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Gateway:Routing";

    /// <summary>The default policy order.</summary>
    public static readonly IReadOnlyList<string> DefaultPolicies = ["session", "prefix", "load"];

    /// <summary>Policy names in the order they are asked; null means session, prefix, load.</summary>
    public IReadOnlyList<string>? Policies { get; init; }

    /// <summary>The model of requests that name none (LMDeploy's client sends none to /v1/chat/interactive); null means the only model the cluster serves.</summary>
    public string? DefaultModel { get; init; }

    /// <summary>Treat the OpenAI "user" field as a session key when no X-Session-Id is sent.</summary>
    public bool SessionFromUser { get; init; }

    /// <summary>Prefix affinity is skipped when its silo's load exceeds the least loaded one's by more than this (fraction of slots).</summary>
    public double PrefixLoadMargin { get; init; } = 0.5;

    /// <summary>Prefix hashes remembered (about; older ones are forgotten a generation at a time).</summary>
    public int PrefixTableCapacity { get; init; } = 100_000;

    /// <summary>Attempts per request when silos refuse connections or answer 503 before anything reached the client.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>How long a session request keeps asking the cluster for its owner (while a killed silo is not yet declared dead) before it answers 503.</summary>
    public TimeSpan SessionRecoveryTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Most session owners remembered by this gateway.</summary>
    public int SessionCacheSize { get; init; } = 100_000;

    /// <summary>A remembered session owner unused for this long is forgotten (asked again on the next turn).</summary>
    public TimeSpan SessionCacheIdle { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The policies to use.</summary>
    public IReadOnlyList<string> EffectivePolicies => Policies is { Count: > 0 } policies ? policies : DefaultPolicies;
}
