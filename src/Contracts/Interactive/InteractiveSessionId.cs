using System.Globalization;
using System.Text.Json.Serialization;

namespace Cluster.Contracts.Interactive;

/// <summary>An interactive session id as the client sent it: a JSON integer (LMDeploy) or a string, written back the same way.</summary>
/// <param name="Value">The id as text.</param>
/// <param name="IsNumber">Whether it travels as a JSON number.</param>
[JsonConverter(typeof(InteractiveSessionIdConverter))]
public readonly record struct InteractiveSessionId(string Value, bool IsNumber)
{
    /// <summary>-1: the server assigns an id.</summary>
    public static InteractiveSessionId ServerAssigned { get; } = FromNumber(-1);

    /// <summary>Whether the client asked the server to assign the id.</summary>
    public bool IsServerAssigned => this == ServerAssigned;

    /// <summary>An id sent as a JSON number.</summary>
    public static InteractiveSessionId FromNumber(long value) => new(value.ToString(CultureInfo.InvariantCulture), true);

    /// <summary>An id the server made: a number when it looks like one, else a string.</summary>
    public static InteractiveSessionId FromServer(string value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? FromNumber(number) : new(value, false);
}
