using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Cluster.Inference.Native;

/// <summary>Sends llama.cpp's and ggml's log lines to one ILogger with mapped levels.</summary>
/// <remarks>llama.cpp's logger is process-global, so this bridge is too; it is set once by <see cref="LlamaLibrary"/>.</remarks>
internal static unsafe partial class LlamaLogBridge
{
    private static ILogger? s_logger;

    public static void Attach(ILogger logger)
    {
        s_logger = logger;
        LlamaNative.llama_log_set(&OnLog, null);
        if (LlamaLibrary.MultimodalAvailable)
        {
            LlamaNative.mtmd_helper_log_set(&OnLog, null); // libmtmd and its clip encoder log on their own
        }
    }

    [UnmanagedCallersOnly]
    private static void OnLog(GgmlLogLevel level, byte* text, void* userData)
    {
        var logger = s_logger;
        if (logger is null || text is null)
        {
            return;
        }

        var mapped = level switch
        {
            GgmlLogLevel.Error => LogLevel.Error,
            GgmlLogLevel.Warn => LogLevel.Warning,
            GgmlLogLevel.Info => LogLevel.Debug,
            _ => LogLevel.Trace,
        };
        if (!logger.IsEnabled(mapped))
        {
            return;
        }

        var line = Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(text)).TrimEnd('\n');
        if (line.Length > 0)
        {
            LogNative(logger, mapped, line);
        }
    }

    [LoggerMessage(Message = "llama.cpp: {Line}")]
    private static partial void LogNative(ILogger logger, LogLevel level, string line);
}
