namespace Cluster.Silo.Images;

/// <summary>Limits on images in requests and on fetching image URLs (configuration section "Silo:Images").</summary>
public sealed class ImageOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Silo:Images";

    /// <summary>Largest image file accepted, decoded from base64 or fetched; larger ones get 413. Default 20 MiB (OpenAI's limit).</summary>
    public long MaxImageBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>Most images in one request; more get 400.</summary>
    public int MaxImagesPerRequest { get; set; } = 16;

    /// <summary>Most time to fetch one http(s) image URL (connect, headers and body); slower ones get 400.</summary>
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Fetch URLs whose host resolves to a private, loopback or link-local address. Off: such URLs get 400.</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Hosts (names, addresses or CIDR ranges such as 10.1.0.0/16) fetched even when their address is private.</summary>
    public IList<string> AllowedHosts { get; } = [];
}
