using Microsoft.Extensions.Logging;
using SweepCluster.Coordinator.Journal;
using SweepCluster.Coordinator.Nodes;
using SweepCluster.Coordinator.Policies;
using SweepCluster.Coordinator.Scheduling;
using SweepCluster.Coordinator.Sweeps;
using SweepCluster.Shared.Actors;
using SweepCluster.Shared.Links;
using SweepCluster.Shared.Specs;

namespace SweepCluster.Coordinator.Hosting;

/// <summary>
/// A running coordinator: the actor system with the scheduler, the node registry and one actor per
/// active sweep, over one store. Starting it recovers every sweep that was running from the journal.
/// Nodes reach it through <see cref="Link"/> (in memory) or the HTTP API (cluster mode).
/// </summary>
public sealed class CoordinatorHost : IAsyncDisposable
{
    private readonly ActorSystem _system;
    private readonly ISweepStore _store;
    private readonly CoordinatorOptions _options;
    private readonly TimeProvider _time;
    private readonly ActorRef<SchedulerMessage> _scheduler;
    private readonly ActorRef<RegistryMessage> _registry;
    private readonly SweepDirectory _sweeps = new();
    private readonly SemaphoreSlim _submitLock = new(1, 1);
    private volatile bool _open;

    private CoordinatorHost(ISweepStore store, CoordinatorOptions options, TimeProvider time, ILoggerFactory loggerFactory)
    {
        _store = store;
        _options = options;
        _time = time;
        _system = new ActorSystem(loggerFactory, time);
        var supervision = new SupervisionOptions(options.MaxRestarts);
        _scheduler = _system.Spawn("scheduler", () => new Scheduler(), supervision);
        _registry = _system.Spawn("nodes", () => new NodeRegistry(store, _scheduler, _sweeps, options.Nodes, () => _open), supervision);
        Link = new InMemoryCoordinatorLink(this);
    }

    /// <summary>The in-memory link an embedded node uses.</summary>
    public ICoordinatorLink Link { get; }

    /// <summary>The store this coordinator journals to.</summary>
    public ISweepStore Store => _store;

    /// <summary>
    /// Starts a coordinator on <paramref name="store"/> and recovers the sweeps that were running.
    /// Node leases start when this returns: every node known from the journal then has a full
    /// lease to come back, however long recovery took.
    /// </summary>
    public static async Task<CoordinatorHost> StartAsync(
        ISweepStore store, CoordinatorOptions options, TimeProvider time, ILoggerFactory loggerFactory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var host = new CoordinatorHost(store, options, time, loggerFactory);
        try
        {
            foreach (var sweepId in await store.ListSweepStreamsAsync(cancellationToken))
            {
                var row = await store.GetSweepAsync(sweepId, cancellationToken);
                if (row is { Status: "running" })
                {
                    host.SpawnSweep(sweepId);
                }
            }

            host._open = true;
            await host._registry.AskAsync<bool>(reply => new OpenLeases(reply), options.AskTimeout, cancellationToken);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Submits a sweep. Submitting the same spec again (same name, same YAML) returns the existing
    /// sweep, which is how re-running <c>sweep run</c> resumes; the same name with a different spec
    /// is refused.
    /// </summary>
    /// <returns>The sweep id.</returns>
    public async Task<string> SubmitAsync(string specYaml, string baseDirectory, CancellationToken cancellationToken = default)
    {
        var spec = SpecPaths.Resolve(SpecParser.Parse(specYaml), baseDirectory);
        PolicyFactory.Validate(spec);
        var sweepId = spec.Name;
        await _submitLock.WaitAsync(cancellationToken);
        try
        {
            var existing = await _store.GetSweepAsync(sweepId, cancellationToken);
            if (existing is not null)
            {
                if (!string.Equals(Normalize(existing.SpecYaml), Normalize(specYaml), StringComparison.Ordinal))
                {
                    throw new SweepConflictException(
                        $"a sweep named '{sweepId}' already exists in this database with a different spec; rename the sweep or use another database");
                }

                if (existing.Status != "running")
                {
                    _sweeps.MarkDone(sweepId);
                }

                return sweepId;
            }

            var keys = SpecExpansion.Expand(spec, sweepId);
            var actor = SpawnSweep(sweepId);
            var submitted = new SweepSubmitted(sweepId, spec.Name, specYaml, Path.GetFullPath(baseDirectory), keys.Count);
            await actor.AskAsync<bool>(reply => new SubmitSweep(submitted, keys, reply), _options.AskTimeout, cancellationToken);
            return sweepId;
        }
        finally
        {
            _submitLock.Release();
        }
    }

    /// <summary>Completes when every trial of the sweep is terminal.</summary>
    public Task WaitForSweepAsync(string sweepId, CancellationToken cancellationToken = default) =>
        _sweeps.WhenDone(sweepId).WaitAsync(cancellationToken);

    /// <summary>A live view of a sweep, including progress that is not journaled; null for an inactive sweep.</summary>
    public async Task<SweepProgress?> GetProgressAsync(string sweepId, CancellationToken cancellationToken = default)
    {
        if (!_sweeps.TryGet(sweepId, out var actor) || actor.IsStopped)
        {
            return null;
        }

        return await actor.AskAsync<SweepProgress>(reply => new GetProgress(reply), _options.AskTimeout, cancellationToken);
    }

    /// <summary>Cancels a sweep: queued trials end Cancelled, running ones are stopped.</summary>
    public async Task CancelAsync(string sweepId, string reason, CancellationToken cancellationToken = default)
    {
        if (!_sweeps.TryGet(sweepId, out var actor))
        {
            throw new KeyNotFoundException($"no active sweep '{sweepId}'");
        }

        await actor.AskAsync<bool>(reply => new CancelSweep(reason, reply), _options.AskTimeout, cancellationToken);
    }

    /// <summary>
    /// Resumes a cancelled sweep: the trials its cancel ended are queued again as new attempts that
    /// resume from their last checkpoint (as after a lost node), trials still stopping for the cancel go
    /// on, and trials that ended otherwise (completed, diverged, failed, early-stopped, stopped one by
    /// one) stay as they are. Works after a coordinator restart too (the sweep's actor is rebuilt from
    /// the journal). A sweep that is running or completed is left alone (<see cref="SweepResumeResult.Resumed"/> false).
    /// </summary>
    /// <exception cref="KeyNotFoundException">No such sweep in the store.</exception>
    public async Task<SweepResumeResult> ResumeAsync(string sweepId, string reason, CancellationToken cancellationToken = default)
    {
        ActorRef<SweepMessage> actor;
        await _submitLock.WaitAsync(cancellationToken);
        try
        {
            if (await _store.GetSweepAsync(sweepId, cancellationToken) is null)
            {
                throw new KeyNotFoundException($"no sweep '{sweepId}'");
            }

            if (!_sweeps.TryGet(sweepId, out actor) || actor.IsStopped)
            {
                actor = SpawnSweep(sweepId);
            }
        }
        finally
        {
            _submitLock.Release();
        }

        return await actor.AskAsync<SweepResumeResult>(reply => new ResumeSweep(reason, reply), _options.AskTimeout, cancellationToken);
    }

    /// <summary>
    /// Stops one trial at a user's request (it ends Cancelled). False when the trial's sweep is not
    /// active or the trial is unknown or already ending.
    /// </summary>
    public async Task<bool> StopTrialAsync(string trialId, string reason, CancellationToken cancellationToken = default)
    {
        if (!_sweeps.TryGet(SweepOf(trialId), out var actor) || actor.IsStopped)
        {
            return false;
        }

        return await actor.AskAsync<bool>(reply => new StopTrialRequest(trialId, reason, reply), _options.AskTimeout, cancellationToken);
    }

    /// <summary>The nodes the registry knows.</summary>
    public Task<IReadOnlyList<NodeView>> ListNodesAsync(CancellationToken cancellationToken = default) =>
        _registry.AskAsync<IReadOnlyList<NodeView>>(reply => new ListNodes(reply), _options.AskTimeout, cancellationToken);

    /// <summary>Stops every actor. The store is not disposed (its owner does that).</summary>
    public async ValueTask DisposeAsync()
    {
        await _system.DisposeAsync();
        _submitLock.Dispose();
    }

    internal async Task<RegisterReply> RegisterAsync(RegisterNode request, CancellationToken cancellationToken) =>
        await _registry.AskAsync<RegisterReply>(reply => new RegisterNodeRequest(request, reply), _options.AskTimeout, cancellationToken);

    /// <summary>
    /// A node sync: its events are applied by their sweeps (and durable) before they are acknowledged;
    /// then the registry answers with commands, holding the request when there are none.
    /// </summary>
    internal async Task<SyncReply> SyncAsync(SyncRequest request, CancellationToken cancellationToken)
    {
        long acked = 0;
        _registry.Tell(new NodeSeen(request.NodeId));
        if (request.Draining)
        {
            await _registry.AskAsync<bool>(r => new MarkDraining(request.NodeId, r), _options.AskTimeout, cancellationToken);
        }

        if (request.Events.Count > 0)
        {
            foreach (var bySweep in request.Events.GroupBy(e => SweepOf(e.TrialId), StringComparer.Ordinal))
            {
                if (_sweeps.TryGet(bySweep.Key, out var sweep) && !sweep.IsStopped)
                {
                    await sweep.AskAsync<bool>(
                        reply => new ApplyNodeEvents(request.NodeId, [.. bySweep], reply), _options.AskTimeout, cancellationToken);
                }
            }

            acked = request.Events.Max(e => e.Seq);
        }

        var hold = request.Hold && request.Events.Count == 0;
        var reply = await _registry.AskAsync<SyncReply>(
            r => new PollCommands(request.NodeId, request.AckedCommandSeq, hold, r, request.Draining),
            _options.AskTimeout + _options.Nodes.MaxHold,
            cancellationToken);
        return reply with { AckedEventSeq = acked };
    }

    /// <summary>The sweep a trial id belongs to (trial ids are <c>sweep/…</c>).</summary>
    internal static string SweepOf(string trialId)
    {
        var slash = trialId.LastIndexOf('/');
        return slash < 0 ? trialId : trialId[..slash];
    }

    private static string Normalize(string yaml) => yaml.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();

    private ActorRef<SweepMessage> SpawnSweep(string sweepId)
    {
        var actor = _system.Spawn(
            "sweep-" + sweepId,
            () => new SweepActor(sweepId, _store, _scheduler, _registry, _sweeps, ParseSubmitted),
            new SupervisionOptions(_options.MaxRestarts));
        _sweeps.Add(sweepId, actor);
        return actor;
    }

    private static ExperimentSpec ParseSubmitted(SweepSubmitted submitted) =>
        SpecPaths.Resolve(SpecParser.Parse(submitted.SpecYaml), submitted.BaseDirectory);
}
