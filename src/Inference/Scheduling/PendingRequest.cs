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

    /// <summary>Marks that nobody reads the output any more.</summary>
    public void Abandon() => _abandoned = true;
}
