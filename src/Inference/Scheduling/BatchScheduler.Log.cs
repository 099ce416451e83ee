using Cluster.Inference.Native;
using Microsoft.Extensions.Logging;

namespace Cluster.Inference.Scheduling;

public sealed partial class BatchScheduler
{
    [LoggerMessage(Level = LogLevel.Critical, Message = "The scheduler loop failed; the model stops serving")]
    private static partial void LogLoopFailed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Error, Message = "llama_decode returned {Result} for a batch of {Tokens} tokens; its sequences fail")]
    private static partial void LogDecodeFailed(ILogger logger, LlamaDecodeResult result, int tokens);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sequence {Slot} abandoned by its client after {Generated} tokens")]
    private static partial void LogAbandoned(ILogger logger, int slot, int generated);
}
