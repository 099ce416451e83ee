using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Cluster.Inference.Generation;

namespace Cluster.Silo.Generation;

/// <summary>
/// The output of a request of several choices (n): its chunks split into one stream per choice, each turned into
/// events by the one-choice code, and the events merged back in the order they come. When the reader stops (the client
/// went away, or the answer is done), the request's stream is left, which frees every choice's sequence.
/// </summary>
internal static class ChoiceStreams
{
    /// <summary>The events of every choice, each made by <paramref name="perChoice"/> from its chunks and its index.</summary>
    public static IAsyncEnumerable<T> Merge<T>(IAsyncEnumerable<GenerationChunk> output, int choices,
        Func<IAsyncEnumerable<GenerationChunk>, int, IAsyncEnumerable<T>> perChoice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(perChoice);
        return choices == 1 ? perChoice(output, 0) : MergeAsync(output, choices, perChoice, cancellationToken);
    }

    /// <summary>Reads every choice whole, in choice order.</summary>
    public static async Task<OutputPiece[]> CollectAsync(IAsyncEnumerable<GenerationChunk> output, int choices, CancellationToken cancellationToken)
    {
        if (choices == 1)
        {
            return [await OutputPieces.CollectAsync(output, cancellationToken).ConfigureAwait(false)];
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            var split = Split(output, choices, stop.Token);
            return await Task.WhenAll(split.Select(choice => OutputPieces.CollectAsync(choice, stop.Token))).ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
        }
    }

    private static async IAsyncEnumerable<T> MergeAsync<T>(IAsyncEnumerable<GenerationChunk> output, int choices,
        Func<IAsyncEnumerable<GenerationChunk>, int, IAsyncEnumerable<T>> perChoice, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var merged = Channel.CreateUnbounded<T>(new UnboundedChannelOptions { SingleReader = true });
        var split = Split(output, choices, stop.Token);
        var pumps = split.Select((choice, index) => CopyAsync(perChoice(choice, index), merged.Writer, stop.Token)).ToArray();
        _ = Task.WhenAll(pumps).ContinueWith(_ => merged.Writer.TryComplete(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            await foreach (var item in merged.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return item;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
        }
    }

    // One reader of the request's stream hands each chunk to its choice; an error or the end reaches every choice.
    private static IAsyncEnumerable<GenerationChunk>[] Split(IAsyncEnumerable<GenerationChunk> output, int choices, CancellationToken cancellationToken)
    {
        var channels = Enumerable.Range(0, choices)
            .Select(_ => Channel.CreateUnbounded<GenerationChunk>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true }))
            .ToArray();
        _ = DealAsync(output, channels, cancellationToken);
        return [.. channels.Select(channel => channel.Reader.ReadAllAsync(cancellationToken))];
    }

    private static async Task DealAsync(IAsyncEnumerable<GenerationChunk> output, Channel<GenerationChunk>[] channels, CancellationToken cancellationToken)
    {
        Exception? error = null;
        try
        {
            await foreach (var chunk in output.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                channels[chunk.Choice].Writer.TryWrite(chunk);
            }
        }
        catch (Exception failure)
        {
            error = failure;
        }

        foreach (var channel in channels)
        {
            channel.Writer.TryComplete(error);
        }
    }

    // A choice that fails ends the merged stream with its error at once.
    private static async Task CopyAsync<T>(IAsyncEnumerable<T> source, ChannelWriter<T> merged, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var item in source.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                merged.TryWrite(item);
            }
        }
        catch (Exception failure)
        {
            merged.TryComplete(failure);
        }
    }
}
