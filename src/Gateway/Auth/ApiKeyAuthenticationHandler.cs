using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Cluster.Contracts.OpenAI;
using Cluster.Gateway.Errors;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Cluster.Gateway.Auth;

/// <summary>Authenticates "Authorization: Bearer KEY" against API keys or the admin key; challenges answer in the OpenAI error shape.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<ApiKeyAuthenticationOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ApiKeyResolver resolver,
    IOptions<AuthOptions> auth) : AuthenticationHandler<ApiKeyAuthenticationOptions>(options, loggerFactory, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = BearerToken();
        if (Options.Admin)
        {
            if (!resolver.HasAdminKey)
            {
                return IsLoopback() ? Success(new ApiKeyIdentity("admin", "admin", 0, 0)) : AuthenticateResult.Fail("Set Gateway:Auth:AdminKey to use /admin from other hosts.");
            }

            return key is not null && resolver.IsAdminKey(key) ? Success(new ApiKeyIdentity("admin", "admin", 0, 0)) : AuthenticateResult.Fail("Wrong admin key.");
        }

        if (!auth.Value.Enabled)
        {
            return Success(resolver.Anonymous);
        }

        if (key is null)
        {
            return AuthenticateResult.NoResult();
        }

        var identity = await resolver.ResolveAsync(key, Context.RequestAborted);
        return identity is null ? AuthenticateResult.Fail("Unknown API key.") : Success(identity);
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var message = Options.Admin
            ? (resolver.HasAdminKey ? "The admin API needs the admin key: Authorization: Bearer <Gateway:Auth:AdminKey>." : "Without Gateway:Auth:AdminKey the admin API answers loopback callers only.")
            : BearerToken() is null
                ? "You didn't provide an API key. Send it as 'Authorization: Bearer YOUR_KEY'."
                : "Incorrect API key provided.";
        return OpenAIErrors.WriteAsync(Context, StatusCodes.Status401Unauthorized, OpenAIErrorTypes.InvalidRequest, message, "invalid_api_key");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        OpenAIErrors.WriteAsync(Context, StatusCodes.Status403Forbidden, OpenAIErrorTypes.InvalidRequest, "This key may not call this endpoint.", "forbidden");

    private AuthenticateResult Success(ApiKeyIdentity identity)
    {
        Context.Features.Set(identity);
        var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, identity.Id), new Claim(ClaimTypes.Name, identity.Name)], Scheme.Name));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    private string? BearerToken()
    {
        var header = Request.Headers.Authorization.ToString();
        const string prefix = "Bearer ";
        if (header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && header.Length > prefix.Length)
        {
            return header[prefix.Length..].Trim();
        }

        // Orleans' dashboard is a page the browser navigates to, so it cannot send a header: the dashboard page puts the
        // admin key in a SameSite=Strict cookie scoped to its path, and only that path reads it.
        return Options.Admin && Request.Path.StartsWithSegments(AdminCookie.Path, StringComparison.Ordinal) && Request.Cookies[AdminCookie.Name] is { Length: > 0 } cookie
            ? Uri.UnescapeDataString(cookie)
            : null;
    }

    private bool IsLoopback() => Context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address);
}
