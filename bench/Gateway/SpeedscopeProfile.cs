using System.Text.Json;

namespace Cluster.Bench.Gateway;

/// <summary>
/// A dotnet-trace sampled-thread-time profile in speedscope form (dotnet-trace collect --format Speedscope): per thread, frames
/// opened and closed over time; each stretch between two events is time that thread spent in the stack then open, whose last
/// frame is CPU_TIME (managed code running) or UNMANAGED_CODE_TIME (native code: a wait, or llama.cpp computing).
/// </summary>
internal sealed class SpeedscopeProfile
{
    private readonly string[] _frames;
    private readonly List<(char Type, int Frame, double At)[]> _threads = [];

    private SpeedscopeProfile(JsonDocument document)
    {
        var root = document.RootElement;
        _frames = [.. root.GetProperty("shared").GetProperty("frames").EnumerateArray().Select(f => f.GetProperty("name").GetString() ?? "?")];
        foreach (var profile in root.GetProperty("profiles").EnumerateArray())
        {
            _threads.Add([.. profile.GetProperty("events").EnumerateArray().Select(e =>
                (e.GetProperty("type").GetString()![0], e.GetProperty("frame").GetInt32(), e.GetProperty("at").GetDouble()))]);
        }
    }

    public static SpeedscopeProfile Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return new SpeedscopeProfile(document);
    }

    /// <summary>Calls <paramref name="visit"/> with each stretch of each thread: the open frames' names, root first, and its milliseconds.</summary>
    public void Walk(Action<IReadOnlyList<string>, double> visit)
    {
        var names = new List<string>();
        var stack = new List<int>();
        foreach (var events in _threads)
        {
            stack.Clear();
            double? last = null;
            foreach (var (type, frame, at) in events)
            {
                if (last is { } since && stack.Count > 0)
                {
                    names.Clear();
                    names.AddRange(stack.Select(i => _frames[i]));
                    visit(names, at - since);
                }

                last = at;
                if (type == 'O')
                {
                    stack.Add(frame);
                }
                else if (stack.LastIndexOf(frame) is var open and >= 0)
                {
                    stack.RemoveRange(open, stack.Count - open);
                }
            }
        }
    }
}
