using System.Runtime.CompilerServices;
using Cluster.Grains.Models;
using Cluster.Inference.Generation;
using Cluster.Inference.Native;
using Cluster.Inference.Text;

namespace Cluster.Grains.Sessions;

/// <summary>
/// The live side of a session on the silo its <see cref="SessionGrain"/> is activated on: the conversation, its token history
/// and (through the model host) its KV, so each turn prefills only the new tokens. Turns run one at a time; each one's
/// conversation is handed to <paramref name="persistence"/> (the grain's state) before its last chunk leaves, and confirmed
/// delivered before the stream's end reaches the client. Not a grain: the
/// grain activation creates it, and the HTTP handlers of this silo run turns on it directly, so tokens never cross Orleans.
/// </summary>
public sealed partial class SessionRuntime(string id, IModelHost model, StoredConversation stored, SessionPersistence persistence, TimeProvider time)
    : IDisposable
{
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly List<ChatMessage> _messages = [.. stored.Messages];
    private int _undelivered = stored.UndeliveredMessages;
    private readonly List<LlamaToken> _history = [];
    private long _lastActivity = time.GetTimestamp();
    private CancellationTokenSource? _running;
    private volatile bool _fenced;

    /// <summary>The session id.</summary>
    public string Id { get; } = id;

    /// <summary>The model grain holding its KV.</summary>
    public IModelHost Model { get; } = model;

    /// <summary>Tokens in its history.</summary>
    public int HistoryTokens => _history.Count;

    /// <summary>Tokens of history the running (or last) turn continues from; 0 when that turn started the conversation over.</summary>
    public int TurnHistoryTokens { get; private set; }

    /// <summary>The conversation so far.</summary>
    public IReadOnlyList<ChatMessage> Messages => _messages;

    /// <summary>How long since its last turn ended.</summary>
    public TimeSpan Idle => time.GetElapsedTime(Interlocked.Read(ref _lastActivity));

    /// <summary>Whether a turn is running.</summary>
    public bool Busy => _turn.CurrentCount == 0;

    /// <summary>Whether the session is leaving this silo: new turns are refused with <see cref="AdmissionStatus.SessionMoved"/>.</summary>
    public bool Fenced => _fenced;

    /// <summary>
    /// Refuses every later turn (the session is migrating) once the running turn, if any, has ended; false when that
    /// takes longer than <paramref name="turnWait"/> (the session then stays and serves on).
    /// </summary>
    public async Task<bool> FenceAsync(TimeSpan turnWait, CancellationToken cancellationToken)
    {
        if (!await _turn.WaitAsync(turnWait, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        _fenced = true;
        _turn.Release();
        return true;
    }

    /// <summary>The token history as ids (what a migration carries).</summary>
    public IReadOnlyList<int> HistoryTokenIds => [.. _history.Select(token => token.Value)];

    /// <summary>Takes the token history of a migrated session whose KV was just imported into the model host.</summary>
    public void AdoptHistory(IReadOnlyList<int> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        _history.Clear();
        _history.AddRange(tokens.Select(id => new LlamaToken(id)));
        _historyImages = []; // a migration carries no embeddings: the imported KV holds the images
    }

    /// <summary>
    /// Starts a turn. <paramref name="messages"/> may be the whole conversation (what was stored is recognised and
    /// skipped) or only the new messages; both give the same prompt. The stream records the answer when it ends.
    /// </summary>
    public Task<Admission> StartTurnAsync(IReadOnlyList<ChatMessage> messages, GenerationRequest parameters, CancellationToken cancellationToken) =>
        StartTurnAsync(messages, [], parameters, cancellationToken);

    /// <summary>Starts a turn whose messages hold images: <paramref name="images"/> are the files of their markers, in order.</summary>
    public Task<Admission> StartTurnAsync(
        IReadOnlyList<ChatMessage> messages, IReadOnlyList<ReadOnlyMemory<byte>> images, GenerationRequest parameters, CancellationToken cancellationToken) =>
        StartTurnAsync(messages, images, parameters, toolPreamble: null, cancellationToken);

    /// <summary>
    /// Starts a turn that offers tools, described by <paramref name="toolPreamble"/> (null: none offered); the conversation
    /// declares them once, at the head of its system message (see <see cref="ReconcileWithTools"/>).
    /// </summary>
    public async Task<Admission> StartTurnAsync(IReadOnlyList<ChatMessage> messages, IReadOnlyList<ReadOnlyMemory<byte>> images, GenerationRequest parameters,
        string? toolPreamble, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(parameters);
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);

        // Checked under the turn lock: the fence is set under it, so no turn slips in after the KV was exported.
        if (_fenced)
        {
            _turn.Release();
            return Admission.SessionMoved();
        }

        var turn = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            ForgetUndeliveredTurnSentAgain(messages);
            if (toolPreamble is not null)
            {
                ForgetUndeliveredTurnSentAgain(SystemPreamble.Merge(messages, toolPreamble));
            }

            var (fresh, newMessages) = ReconcileWithTools(messages, toolPreamble);
            if (Model.ChatTemplate is not { } template)
            {
                EndTurn(turn);
                return Admission.Invalid(new GenerationRequestError("model", null, $"model '{Model.ModelId}' has no chat template, so it cannot hold a chat session"));
            }

            var rendered = template.Render(newMessages, addAssistant: true);
            var start = fresh ? [] : _history;
            TurnHistoryTokens = start.Count;
            var (prompt, promptImages, files, invalidImages) = TokenizeTurn(rendered, newMessages, images, start);
            if (invalidImages is not null)
            {
                EndTurn(turn);
                return Admission.Invalid(invalidImages);
            }

            var request = parameters with
            {
                Prompt = prompt,
                Images = promptImages,
                SessionKey = Id,
                TurnEndToken = Model.Vocabulary.EndOfTurn.Value >= 0 ? Model.Vocabulary.EndOfTurn : null,
            };
            var admission = Model.Submit(request, turn.Token);
            if (admission.Status != AdmissionStatus.Accepted)
            {
                EndTurn(turn);
                return admission;
            }

            Volatile.Write(ref _running, turn);
            return Admission.Accepted(RecordAsync(admission.Stream!, fresh, newMessages, files, request, turn, CancellationToken.None));
        }
        catch
        {
            EndTurn(turn);
            throw;
        }
    }

    /// <summary>Cancels the running turn (its stream ends with an <see cref="OperationCanceledException"/>, nothing is recorded); false if none runs.</summary>
    public bool CancelTurn()
    {
        if (Volatile.Read(ref _running) is not { } running)
        {
            return false;
        }

        try
        {
            running.Cancel();
            return true;
        }
        catch (ObjectDisposedException)
        {
            // The turn ended between the read and the cancel.
            return false;
        }
    }

    /// <summary>Ends the session's life on this silo: a running turn is cancelled.</summary>
    /// <remarks>The turn lock is left undisposed on purpose: a running turn still releases it on its way out.</remarks>
    public void Dispose() => CancelTurn();

    private (bool Fresh, IReadOnlyList<ChatMessage> New) Reconcile(IReadOnlyList<ChatMessage> messages)
    {
        if (_messages.Count == 0)
        {
            return (true, messages);
        }

        if (messages.Count > _messages.Count && messages.Take(_messages.Count).SequenceEqual(_messages))
        {
            return Continue([.. messages.Skip(_messages.Count)]);
        }

        // A conversation that starts like ours but differs later was edited by the client: start over from it.
        if (messages.Count > 1 && messages[0] == _messages[0])
        {
            return (true, messages);
        }

        return Continue(messages);
    }

    // A turn stored but never confirmed delivered (its silo died while sending it) whose very messages come again is the
    // client's retry: the stored turn is dropped and this one takes its place, so the history holds it once.
    private void ForgetUndeliveredTurnSentAgain(IReadOnlyList<ChatMessage> messages)
    {
        if (_undelivered < 2 || _undelivered > _messages.Count || messages.Count != _undelivered - 1
            || !_messages.Skip(_messages.Count - _undelivered).Take(messages.Count).SequenceEqual(messages))
        {
            return;
        }

        ForgetFiles(_messages.Skip(_messages.Count - _undelivered));
        _messages.RemoveRange(_messages.Count - _undelivered, _undelivered);
        _history.Clear(); // its KV holds the dropped answer: the conversation is rendered again
        _historyImages = [];
        _undelivered = 0;
    }

    // A conversation whose KV this silo does not hold (the grain was activated from its stored state after an expiry, a
    // crash or a migration without KV) is rendered whole again: the stored messages, then the new ones.
    private (bool Fresh, IReadOnlyList<ChatMessage> New) Continue(IReadOnlyList<ChatMessage> newMessages) =>
        _history.Count > 0 ? (false, newMessages) : (true, [.. _messages, .. newMessages]);

    private void Record(bool fresh, IReadOnlyList<ChatMessage> newMessages, byte[][] files, string answerText, GenerationRequest request, List<LlamaToken> answer, LlamaToken? end)
    {
        KeepFiles(fresh, files);
        if (fresh)
        {
            _messages.Clear();
        }

        _messages.AddRange(newMessages);
        _messages.Add(new ChatMessage("assistant", answerText));
        _history.Clear();
        _history.AddRange(request.Prompt);
        _history.AddRange(answer);
        _historyImages = [.. request.Images];
        if (end is { } token)
        {
            _history.Add(token);
        }
    }

    private void EndTurn(CancellationTokenSource turn)
    {
        Interlocked.CompareExchange(ref _running, null, turn);
        turn.Dispose();
        _turn.Release();
    }

    private async IAsyncEnumerable<GenerationChunk> RecordAsync(IAsyncEnumerable<GenerationChunk> stream, bool fresh, IReadOnlyList<ChatMessage> newMessages,
        byte[][] files, GenerationRequest request, CancellationTokenSource turn, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var answer = new List<LlamaToken>();
        var text = new System.Text.StringBuilder();
        var recorded = false;
        try
        {
            await foreach (var chunk in stream.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                answer.AddRange(chunk.Tokens);
                text.Append(chunk.Text);

                // Recorded and stored before the last chunk leaves: a reader may stop at the summary and never ask for more,
                // and a turn the client saw end must be in the history whatever happens to this silo next.
                if (chunk.Summary is { } summary)
                {
                    Record(fresh, newMessages, files, text.ToString(), request, answer, summary.EndToken ?? request.TurnEndToken);
                    _undelivered = newMessages.Count + 1;
                    recorded = true;
                    await persistence.Record(new SessionRecord([.. _messages.Select(message => new SessionMessage(message.Role, message.Content))], _history.Count, _undelivered, [.. _files]))
                        .ConfigureAwait(false);
                }

                yield return chunk;
            }
        }
        finally
        {
            try
            {
                // The writer is past the last chunk (or stopped reading at it) and has not ended the stream yet: a client
                // sees the end only once the turn is confirmed, and a failed confirmation reaches it as an error instead.
                if (recorded)
                {
                    await persistence.Confirm().ConfigureAwait(false);
                    _undelivered = 0;
                }
            }
            finally
            {
                Interlocked.Exchange(ref _lastActivity, time.GetTimestamp());
                EndTurn(turn);
            }
        }
    }
}
