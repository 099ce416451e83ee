using System.Text.Json;

namespace Cluster.Bench.Load;

/// <summary>A session as GET /admin/sessions shows it.</summary>
internal sealed record SessionView(string Key, string Model, string Silo, int Messages, int HistoryTokens)
{
    /// <summary>Reads one entry of the gateway's answer.</summary>
    public static SessionView Of(JsonElement json) => new(
        json.GetProperty("key").GetString()!,
        json.GetProperty("model").GetString()!,
        json.GetProperty("silo").GetString()!,
        json.GetProperty("messages").GetInt32(),
        json.GetProperty("history_tokens").GetInt32());
}
