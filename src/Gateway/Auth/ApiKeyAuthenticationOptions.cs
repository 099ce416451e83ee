using Microsoft.AspNetCore.Authentication;

namespace Cluster.Gateway.Auth;

/// <summary>Options of one Bearer key scheme.</summary>
public sealed class ApiKeyAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>True for the admin scheme, false for API keys.</summary>
    public bool Admin { get; set; }
}
