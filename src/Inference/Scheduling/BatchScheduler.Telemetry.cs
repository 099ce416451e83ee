using System.Diagnostics;
using Cluster.Inference.Generation;
using Cluster.Inference.Telemetry;

namespace Cluster.Inference.Scheduling;

public sealed partial class BatchScheduler
{
    private readonly TagList _modelTag;
    private long _generatedTokens;

    /// <summary>Output tokens generated so far.</summary>
    public long GeneratedTokens => Volatile.Read(ref _generatedTokens);

    // On the caller's context, so the span's parent is the request's (the silo's HTTP span): the caller's current span stays current.
    private static Activity? StartGenerationActivity(GenerationRequest request, string model)
    {
        var parent = Activity.Current;
        var activity = InferenceTelemetry.Source.StartActivity("generate");
        if (activity is null)
        {
            return null;
        }

        activity.SetTag("gen_ai.request.model", model);
        activity.SetTag("gen_ai.usage.input_tokens", request.Prompt.Count);
        if (request.SessionKey is { } session)
        {
            activity.SetTag("cluster.session", session);
        }

        Activity.Current = parent;
        return activity;
    }

    // Loop thread: one output token reached the caller's channel.
    private void RecordToken(PendingRequest pending)
    {
        Volatile.Write(ref _generatedTokens, _generatedTokens + 1);
        var now = Stopwatch.GetTimestamp();
        if (pending.FirstTokenAt == 0)
        {
            pending.FirstTokenAt = now;
            InferenceTelemetry.TimeToFirstToken.Record(Stopwatch.GetElapsedTime(pending.SubmittedAt, now).TotalSeconds, _modelTag);
        }
        else
        {
            InferenceTelemetry.InterTokenLatency.Record(Stopwatch.GetElapsedTime(pending.LastTokenAt, now).TotalSeconds, _modelTag);
        }

        pending.LastTokenAt = now;
    }

    // Loop thread: the answer is complete. The prompt of a request of several choices is counted once, with its first.
    private void RecordCompletion(GenerationSummary summary, bool countPrompt)
    {
        InferenceTelemetry.OutputTokens.Add(summary.CompletionTokens, _modelTag);
        if (countPrompt)
        {
            InferenceTelemetry.PromptTokens.Add(summary.PromptTokens, _modelTag);
            InferenceTelemetry.CachedTokens.Add(summary.CachedPromptTokens, _modelTag);
        }

        var tags = _modelTag;
        tags.Add("finish_reason", summary.FinishReason.ToString().ToLowerInvariant());
        InferenceTelemetry.Generations.Add(1, tags);
    }

    // The reader's context, once the output channel is done (the loop wrote the timestamps before completing it).
    private static void StopGenerationActivity(PendingRequest pending, GenerationSummary? summary)
    {
        if (pending.Activity is not { } activity)
        {
            return;
        }

        if (pending.AdmittedAt != 0)
        {
            activity.SetTag("cluster.queue_wait_ms", Stopwatch.GetElapsedTime(pending.SubmittedAt, pending.AdmittedAt).TotalMilliseconds);
        }

        if (pending.FirstTokenAt != 0)
        {
            activity.SetTag("cluster.prefill_ms", Stopwatch.GetElapsedTime(pending.AdmittedAt, pending.FirstTokenAt).TotalMilliseconds);
            activity.SetTag("cluster.decode_ms", Stopwatch.GetElapsedTime(pending.FirstTokenAt, pending.LastTokenAt).TotalMilliseconds);
        }

        if (summary is not null)
        {
            activity.SetTag("gen_ai.usage.output_tokens", summary.CompletionTokens);
            activity.SetTag("cluster.cached_tokens", summary.CachedPromptTokens);
            activity.SetTag("gen_ai.response.finish_reasons", summary.FinishReason.ToString().ToLowerInvariant());
        }
        else
        {
            activity.SetStatus(ActivityStatusCode.Error, pending.IsAbandoned ? "abandoned" : "failed");
        }

        activity.Stop();
    }
}
