using Cluster.Inference.Native;
using Microsoft.Extensions.Logging;

namespace Cluster.Inference.Scheduling;

public sealed partial class BatchScheduler
{
    [LoggerMessage(Level = LogLevel.Critical, Message = "The scheduler loop failed; the model stops serving")]
    private static partial void LogLoopFailed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Error, Message = "llama_decode returned {Result} for a batch of {Tokens} tokens; its sequences fail")]
    private static partial void LogDecodeFailed(ILogger logger, LlamaDecodeResult result, int tokens);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduler: {Steps} steps, {BatchTokens:F1} batch tokens and {Outputs:F1} outputs and {MicroBatches:F2} micro-batches per step; ms per step: {HousekeepingMs:F2} housekeeping, {BuildMs:F2} build, {SubmitMs:F2} llama_decode, {DeviceWaitMs:F2} device wait, {SampleMs:F2} sample, {EmitMs:F2} emit")]
    private static partial void LogProfile(ILogger logger, long steps, double batchTokens, double outputs, double microBatches, double housekeepingMs, double buildMs, double submitMs, double deviceWaitMs, double sampleMs, double emitMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sessions: {Sessions} known, {Resident} in slots, {OnHost} on host ({HostMiB} MiB in {BlockMiB} MiB of pinned blocks, {Allocations} allocated in {AllocationMs:F0} ms); so far {EvictedToHost} evicted to host, {Restored} restored, {Dropped} dropped, {Rebuilt} rebuilt from history; saved {SavedMiB} MiB in {SaveMs:F0} ms ({SaveRate:F1} GB/s), restored {RestoredMiB} MiB in {RestoreMs:F0} ms ({RestoreRate:F1} GB/s)")]
    private static partial void LogSessions(ILogger logger, int sessions, int resident, int onHost, long hostMiB, long blockMiB, long allocations, double allocationMs, long evictedToHost, long restored, long dropped, long rebuilt,
        long savedMiB, double saveMs, double saveRate, long restoredMiB, double restoreMs, double restoreRate);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sequence {Slot} abandoned by its client after {Generated} tokens")]
    private static partial void LogAbandoned(ILogger logger, int slot, int generated);
}
