using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Cluster.Inference.Models;

namespace Cluster.Inference.Generation;

/// <summary>Generates text for one request at a time on its own context; the decode loop runs on a dedicated thread and streams chunks.</summary>
/// <remarks>The continuous-batching scheduler serves many sequences at once; this is the single-sequence engine and reference.</remarks>
public sealed partial class TextGenerator : IDisposable
{
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly LlamaContext _context;
    private readonly TokenBatch _batch;

    /// <summary>Creates a generator with one sequence shaped by <paramref name="options"/>.</summary>
    public TextGenerator(LlamaModel model, LlamaContextOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        _context = LlamaContext.Create(model, (options ?? new LlamaContextOptions()) with { Sequences = 1 });
        _batch = new TokenBatch(_context.BatchSize);
    }

    /// <summary>The model.</summary>
    public LlamaModel Model => _context.Model;

    /// <summary>Tokens one request may use, prompt and output together.</summary>
    public int ContextSize => _context.SequenceContextSize;

    /// <summary>Checks a request; returns what is wrong, or null if it can run.</summary>
    public GenerationRequestError? Validate(GenerationRequest request) =>
        GenerationRequestValidator.Validate(request, Model.Vocabulary.TokenCount, ContextSize);

    /// <summary>Streams the output of a request; cancelling the token (or abandoning the enumeration) stops the loop before its next step.</summary>
    /// <exception cref="ArgumentException">The request is invalid (see <see cref="Validate"/>).</exception>
    public async IAsyncEnumerable<GenerationChunk> GenerateAsync(GenerationRequest request,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (Validate(request) is { } error)
        {
            throw new ArgumentException(error.Message, error.Parameter);
        }

        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var channel = Channel.CreateUnbounded<GenerationChunk>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var loop = Task.Factory.StartNew(
            () => RunLoop(request, channel.Writer, stop.Token),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        try
        {
            await foreach (var chunk in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                // Buffered chunks are not delivered once the caller has cancelled.
                cancellationToken.ThrowIfCancellationRequested();
                yield return chunk;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _turn.Release();
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _batch.Dispose();
        _context.Dispose();
        _turn.Dispose();
    }
}
