using Cluster.Gateway.Auth;
using Cluster.Gateway.Errors;
using Cluster.Gateway.Sessions;
using Cluster.Grains.Sessions;
using Microsoft.Extensions.Options;

namespace Cluster.Gateway.Api;

/// <summary>
/// DELETE /v1/sessions/{id}: a client ends its own X-Session-Id session, freeing its KV and stored history (interactive
/// sessions end the LMDeploy way, an empty prompt with interactive_mode false). Another key's session is not found.
/// </summary>
internal static class SessionsApi
{
    private static readonly TimeSpan GrainAnswerTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Maps the session end onto the /v1 group.</summary>
    public static RouteGroupBuilder MapSessionsApi(this RouteGroupBuilder v1)
    {
        v1.MapDelete("/sessions/{id}", EndSessionAsync);
        return v1;
    }

    private static async Task<IResult> EndSessionAsync(string id, HttpContext context, IGrainFactory grains, SessionLocator locator, IOptions<AuthOptions> auth,
        CancellationToken cancellationToken)
    {
        var caller = auth.Value.Enabled ? context.Features.Get<ApiKeyIdentity>()?.Id : null;
        var key = SessionKeys.ForHeader(id);
        locator.Forget(key, caller);

        // The claim's model is not checked by an end: the owner is.
        if (!await grains.GetGrain<ISessionGrain>(key).EndAsync(new SessionClaim(caller, string.Empty)).WaitAsync(GrainAnswerTimeout, cancellationToken))
        {
            return OpenAIErrorResult.NotFound($"No session '{id}' exists for this API key.", "session_not_found", "session_id");
        }

        return TypedResults.Ok(new DeletedSession(id, "session", true));
    }
}
