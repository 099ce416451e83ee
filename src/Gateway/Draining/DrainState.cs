using System.Text.Json.Serialization;

namespace Cluster.Gateway.Draining;

/// <summary>Where moving a draining silo's sessions stands.</summary>
public enum DrainState
{
    /// <summary>No session routed through the gateway is left on the silo.</summary>
    [JsonStringEnumMemberName("done")]
    Done,

    /// <summary>Sessions are left that will move later: their turn was running, or their move failed and is retried.</summary>
    [JsonStringEnumMemberName("moving")]
    Moving,

    /// <summary>Every session left stays: no other live silo serves its model, so it finishes where it is.</summary>
    [JsonStringEnumMemberName("staying")]
    Staying,

    /// <summary>The silo's sessions could not be listed (it is gone or does not answer); they stay until its sessions can be read.</summary>
    [JsonStringEnumMemberName("unreachable")]
    Unreachable,
}
