using System.Diagnostics;
using System.Threading.Channels;
using Cluster.Inference.Generation;

namespace Cluster.Inference.Scheduling;

/// <summary>A request between admission and its slot: what to run, where its output goes, and how it is cancelled.</summary>
internal sealed class PendingRequest(GenerationRequest request, CancellationToken cancellation)
{
    public GenerationRequest Request { get; } = request;

    public CancellationToken Cancellation { get; } = cancellation;

    private volatile bool _abandoned;

    /// <summary>Whether the caller cancelled or stopped reading.</summary>
    public bool IsAbandoned => _abandoned || Cancellation.IsCancellationRequested;

    public Channel<GenerationChunk> Output { get; } =
        Channel.CreateUnbounded<GenerationChunk>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    /// <summary>The generation's span (null when nobody listens); started by the submitter, stopped by the reader.</summary>
    public Activity? Activity { get; init; }

    /// <summary>Stopwatch timestamps: submitted (by the caller), then admitted to a slot, first and last token (by the loop thread).</summary>
    public long SubmittedAt { get; } = Stopwatch.GetTimestamp();

    public long AdmittedAt { get; set; }

    public long FirstTokenAt { get; set; }

    public long LastTokenAt { get; set; }

    /// <summary>Choices still running; the output completes when the last one finishes (loop thread only).</summary>
    public int RunningChoices { get; set; }

    /// <summary>Marks that nobody reads the output any more.</summary>
    public void Abandon() => _abandoned = true;
}
