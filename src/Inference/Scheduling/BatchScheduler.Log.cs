using Cluster.Inference.Native;
using Microsoft.Extensions.Logging;

namespace Cluster.Inference.Scheduling;

public sealed partial class BatchScheduler
{
    [LoggerMessage(Level = LogLevel.Critical, Message = "The scheduler loop failed; the model stops serving")]
    private static partial void LogLoopFailed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Error, Message = "llama_decode returned {Result} for a batch of {Tokens} tokens; its sequences fail")]
    private static partial void LogDecodeFailed(ILogger logger, LlamaDecodeResult result, int tokens);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduler: {Steps} steps, {BatchTokens:F1} batch tokens and {Outputs:F1} outputs per step; per step {BuildMs:F2} ms build, {DecodeMs:F2} ms llama_decode, {SampleEmitMs:F2} ms sample+emit")]
    private static partial void LogProfile(ILogger logger, long steps, double batchTokens, double outputs, double buildMs, double decodeMs, double sampleEmitMs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sequence {Slot} abandoned by its client after {Generated} tokens")]
    private static partial void LogAbandoned(ILogger logger, int slot, int generated);
}
