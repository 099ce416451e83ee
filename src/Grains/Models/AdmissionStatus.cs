namespace Cluster.Grains.Models;

/// <summary>Outcome of submitting a request to a model grain.</summary>
[GenerateSerializer, Alias("cluster.admission-status")]
public enum AdmissionStatus
{
    /// <summary>Queued; the stream will produce output (HTTP 200).</summary>
    Accepted,

    /// <summary>Bad parameters (HTTP 400).</summary>
    Invalid,

    /// <summary>The admission queue is full (HTTP 429 with Retry-After).</summary>
    QueueFull,

    /// <summary>Loading, draining or failed (HTTP 503).</summary>
    NotReady,

    /// <summary>The session is fenced: it is moving (or moved) to another silo, so this one takes no more of its turns (HTTP 409).</summary>
    SessionMoved,
}
