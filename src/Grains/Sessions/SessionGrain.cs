using Cluster.Grains.Kv;
using Cluster.Grains.Models;
using Cluster.Grains.Placement;
using Cluster.Grains.Silos;
using Cluster.Grains.Telemetry;
using Cluster.Inference.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cluster.Grains.Sessions;

/// <summary>
/// A session: its owner, model and conversation in grain state (written at the end of every turn, so the next activation
/// anywhere has the whole history), and while activated a <see cref="SessionRuntime"/> on this silo that runs its turns
/// against the local model host and keeps its KV. Reentrant: the runtime persists a turn through this grain while a drain's
/// move may be waiting for that very turn to end.
/// </summary>
[SessionPlacement]
[Reentrant]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The runtime is released in OnDeactivateAsync, the end of an activation's life.")]
internal sealed partial class SessionGrain(
    [PersistentState("session", ClusterStorage.Name)] IPersistentState<SessionState> state,
    HostedModels models,
    LocalSessions sessions,
    LocalSilo silo,
    KvStash stash,
    KvFetcher fetcher,
    SessionSiloChooser chooser,
    IOptions<SessionOptions> options,
    TimeProvider time,
    SiloMetrics metrics,
    ILogger<SessionGrain> logger) : Grain, ISessionGrain, IGrainMigrationParticipant
{
    private const string KvContextKey = "cluster.kv";
    private SessionRuntime? _runtime;
    private KvHandle? _incoming;
    private KvHandle? _outgoing;

    private string Key => this.GetPrimaryKeyString();

    private SessionState Stored => state.State;

    /// <inheritdoc/>
    public async Task<SessionLocation> LocateAsync(SessionClaim claim, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        if (Stored.Model.Length > 0 && !string.Equals(Stored.Owner, claim.Owner, StringComparison.Ordinal))
        {
            return Location(SessionLocationStatus.NotFound, string.Empty);
        }

        var model = Stored.Model.Length > 0 ? Stored.Model : claim.Model;
        if (!string.Equals(model, claim.Model, StringComparison.Ordinal))
        {
            return Location(SessionLocationStatus.OtherModel, model);
        }

        if (models.FindReady(model) is not { } host)
        {
            // Placed where its model is not served (no silo serves it now): the next call places it afresh.
            this.DeactivateOnIdle();
            return Location(SessionLocationStatus.NoSilo, model);
        }

        if (Stored.Model.Length == 0)
        {
            (Stored.Owner, Stored.Model) = (claim.Owner, claim.Model);
            await state.WriteStateAsync(cancellationToken).ConfigureAwait(true);
        }

        EnsureRuntime(host);
        return Location(SessionLocationStatus.Found, model);
    }

    /// <inheritdoc/>
    public async Task RecordTurnAsync(SessionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        Stored.Messages = [.. record.Messages];
        Stored.HistoryTokens = record.HistoryTokens;
        Stored.UndeliveredMessages = record.UndeliveredMessages;
        Stored.Images = [.. record.Images ?? []];
        Stored.UpdatedAt = time.GetUtcNow();
        await state.WriteStateAsync().ConfigureAwait(true);
    }

    /// <inheritdoc/>
    public async Task ConfirmTurnAsync()
    {
        if (Stored.UndeliveredMessages != 0)
        {
            Stored.UndeliveredMessages = 0;
            await state.WriteStateAsync().ConfigureAwait(true);
        }
    }

    /// <inheritdoc/>
    public Task<bool> CancelTurnAsync(SessionClaim claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        if (!IsOwner(claim))
        {
            return Task.FromResult(false);
        }

        _runtime?.CancelTurn();
        return Task.FromResult(true);
    }

    /// <inheritdoc/>
    public async Task<bool> EndAsync(SessionClaim? claim)
    {
        var existed = Stored.Model.Length > 0;
        if (!existed || (claim is not null && !IsOwner(claim)))
        {
            this.DeactivateOnIdle();
            return false;
        }

        await ReleaseRuntimeAsync().ConfigureAwait(true);
        await state.ClearStateAsync().ConfigureAwait(true);
        this.DeactivateOnIdle();
        return true;
    }

    /// <inheritdoc/>
    public Task<SessionSummary> DescribeAsync()
    {
        if (Stored.Model.Length == 0)
        {
            // Asked about a session that does not exist: the activation this question made goes away again.
            this.DeactivateOnIdle();
        }

        return Task.FromResult(new SessionSummary(Key, Stored.Model, silo.Name, Stored.Messages.Count, _runtime?.HistoryTokens ?? Stored.HistoryTokens, Stored.UpdatedAt));
    }

    private bool IsOwner(SessionClaim claim) => Stored.Model.Length > 0 && string.Equals(Stored.Owner, claim.Owner, StringComparison.Ordinal);

    private SessionLocation Location(SessionLocationStatus status, string model) => new(status, silo.Key, silo.HttpAddress, model);

    private void EnsureRuntime(IModelHost host)
    {
        if (_runtime is not null)
        {
            return;
        }

        var stored = Stored.Messages.Select(message => new ChatMessage(message.Role, message.Content)).ToList();
        var self = GrainFactory.GetGrain<ISessionGrain>(Key);
        _runtime = new SessionRuntime(Key, host, new StoredConversation(stored, Stored.UndeliveredMessages, Stored.Images),
            new SessionPersistence(self.RecordTurnAsync, self.ConfirmTurnAsync, options.Value.MaxStoredImageBytes), time);
        sessions.Add(_runtime);
    }

    private async Task ReleaseRuntimeAsync()
    {
        if (_runtime is not { } runtime)
        {
            return;
        }

        _runtime = null;
        sessions.Remove(runtime);
        runtime.Dispose();
        await runtime.Model.EndSessionAsync(Key).ConfigureAwait(true);
    }

    /// <inheritdoc/>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await ReleaseRuntimeAsync().ConfigureAwait(true);
        await base.OnDeactivateAsync(reason, cancellationToken).ConfigureAwait(true);
    }
}
