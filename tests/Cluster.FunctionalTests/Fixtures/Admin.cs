using System.Net.Http.Json;
using System.Text.Json;

namespace Cluster.FunctionalTests.Fixtures;

/// <summary>Calls of the gateway's admin API (open to loopback callers when no admin key is set).</summary>
public static class Admin
{
    /// <summary>POST /admin/nodes/{id}/drain; returns the status and body.</summary>
    public static async Task<(System.Net.HttpStatusCode Status, JsonElement Body)> DrainAsync(HttpClient gateway, string siloId)
    {
        using var response = await gateway.PostAsync($"/admin/nodes/{siloId}/drain", null);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    /// <summary>POST /admin/nodes/{id}/undrain, which must succeed.</summary>
    public static async Task UndrainAsync(HttpClient gateway, string siloId)
    {
        using var response = await gateway.PostAsync($"/admin/nodes/{siloId}/undrain", null);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The silo's entry in GET /admin/nodes.</summary>
    public static async Task<JsonElement> NodeAsync(HttpClient gateway, string siloId) =>
        (await gateway.GetFromJsonAsync<JsonElement>("/admin/nodes")).EnumerateArray().Single(n => n.GetProperty("id").GetString() == siloId);

    /// <summary>A client for the silo itself, at the address the gateway knows it by (caller disposes).</summary>
    public static async Task<HttpClient> SiloClientAsync(HttpClient gateway, string siloId) =>
        new() { BaseAddress = new Uri((await NodeAsync(gateway, siloId)).GetProperty("address").GetString()!) };

    /// <summary>The ids of the sessions living on the silo (its GET /internal/sessions).</summary>
    public static async Task<string[]> SessionsOnSiloAsync(HttpClient gateway, string siloId)
    {
        using var silo = await SiloClientAsync(gateway, siloId);
        var list = await silo.GetFromJsonAsync<JsonElement>("/internal/sessions");
        return [.. list.GetProperty("data").EnumerateArray().Select(s => s.GetProperty("id").GetString()!).Order(StringComparer.Ordinal)];
    }
}
