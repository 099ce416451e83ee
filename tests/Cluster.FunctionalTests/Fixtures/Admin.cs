using System.Net.Http.Json;
using System.Text.Json;

namespace Cluster.FunctionalTests.Fixtures;

/// <summary>Calls of the gateway's admin API (open to loopback callers when no keys are configured).</summary>
public static class Admin
{
    /// <summary>POST /admin/nodes/{name}/drain; returns the status and body (the silo's DrainReport).</summary>
    public static async Task<(System.Net.HttpStatusCode Status, JsonElement Body)> DrainAsync(HttpClient gateway, string siloName)
    {
        using var response = await gateway.PostAsync($"/admin/nodes/{siloName}/drain", null);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    /// <summary>POST /admin/nodes/{name}/undrain, which must succeed.</summary>
    public static async Task UndrainAsync(HttpClient gateway, string siloName)
    {
        using var response = await gateway.PostAsync($"/admin/nodes/{siloName}/undrain", null);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The silo's entry in GET /admin/nodes.</summary>
    public static async Task<JsonElement> NodeAsync(HttpClient gateway, string siloName) =>
        (await gateway.GetFromJsonAsync<JsonElement>("/admin/nodes")).EnumerateArray().Single(n => n.GetProperty("name").GetString() == siloName);

    /// <summary>A client for the silo's data plane itself, at the address the cluster knows it by, without the cluster secret (caller disposes).</summary>
    public static async Task<HttpClient> SiloClientAsync(HttpClient gateway, string siloName) =>
        new() { BaseAddress = new Uri((await NodeAsync(gateway, siloName)).GetProperty("http_address").GetString()!) };

    /// <summary>The keys of the sessions the cluster lists on the silo (GET /admin/sessions).</summary>
    public static async Task<string[]> SessionsOnSiloAsync(HttpClient gateway, string siloName)
    {
        var list = await gateway.GetFromJsonAsync<JsonElement>("/admin/sessions");
        return [.. list.EnumerateArray().Where(s => s.GetProperty("silo").GetString() == siloName).Select(s => s.GetProperty("key").GetString()!).Order(StringComparer.Ordinal)];
    }
}
