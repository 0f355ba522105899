using Microsoft.Extensions.Logging;

namespace SweepCluster.Shared.Actors;

/// <summary>
/// Hosts actors (Akka's <c>ActorSystem</c>): spawns them under <c>/user/{name}</c>, restarts
/// them when they fail, collects dead letters and stops them all on dispose.
/// </summary>
/// <remarks>
/// Built on TPL Dataflow: each actor's mailbox is an unbounded <c>ActionBlock</c> with
/// <c>MaxDegreeOfParallelism = 1</c>, so messages of one actor run one at a time in FIFO order,
/// while different actors run in parallel on the thread pool.
/// </remarks>
public sealed partial class ActorSystem : IAsyncDisposable
{
    /// <summary>How many recent dead letters <see cref="DeadLetters"/> keeps.</summary>
    public const int DeadLetterCapacity = 1000;

    internal const string DisposedReason = "Actor system was disposed.";

    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly Dictionary<string, IActorCell> _actors = new(StringComparer.Ordinal);
    private readonly Queue<DeadLetter> _deadLetters = new();
    private bool _disposed;

    /// <summary>Creates an empty system.</summary>
    /// <param name="loggerFactory">Source of the kernel's logger and of each actor's logger.</param>
    /// <param name="time">The clock for ask timeouts, restart windows and <see cref="ActorContext{TMessage}.Time"/>.</param>
    public ActorSystem(ILoggerFactory loggerFactory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(time);
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<ActorSystem>();
        Time = time;
    }

    /// <summary>Raised for every dead letter, on the thread that produced it. Handlers must be quick; exceptions are logged.</summary>
    public event Action<DeadLetter>? DeadLetterPublished;

    /// <summary>Raised when an actor exceeded its restart limit and was stopped. Handlers must be quick; exceptions are logged.</summary>
    public event Action<ActorFailure>? ActorFailed;

    /// <summary>The system's clock.</summary>
    public TimeProvider Time { get; }

    /// <summary>The most recent dead letters (at most <see cref="DeadLetterCapacity"/>), oldest first; a snapshot.</summary>
    public IReadOnlyList<DeadLetter> DeadLetters
    {
        get
        {
            lock (_gate)
            {
                return [.. _deadLetters];
            }
        }
    }

    /// <summary>
    /// Starts an actor at <c>/user/{name}</c>. The first instance comes from
    /// <paramref name="factory"/>, which is called again for a fresh instance on every restart.
    /// The instance's <see cref="Actor{TMessage}.PreStartAsync"/> runs before any message.
    /// </summary>
    /// <param name="name">Unique among live actors (a stopped actor's name is free once its <see cref="ActorRef{TMessage}.Completion"/> is done); no '/'.</param>
    /// <param name="factory">Creates a new instance; must not return a shared one.</param>
    /// <param name="supervision">Restart limit; null for the defaults (10 restarts per minute).</param>
    /// <exception cref="InvalidOperationException">A live actor already has this name.</exception>
    /// <exception cref="ObjectDisposedException">The system is disposed.</exception>
    public ActorRef<TMessage> Spawn<TMessage>(
        string name, Func<Actor<TMessage>> factory, SupervisionOptions? supervision = null)
        where TMessage : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        if (name.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Actor name '{name}' must not contain '/'.", nameof(name));
        }

        supervision ??= new SupervisionOptions();
        supervision.Validate();
        var cell = new ActorCell<TMessage>(this, name, factory, supervision, _logger);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_actors.TryAdd(cell.Path, cell))
            {
                throw new InvalidOperationException($"An actor named {cell.Path} is already running.");
            }
        }

        cell.Start();
        return cell.Self;
    }

    /// <summary>Stops every actor (queued messages become dead letters) and waits until all have stopped. Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        IActorCell[] cells;
        lock (_gate)
        {
            _disposed = true;
            cells = [.. _actors.Values];
        }

        await Task.WhenAll(cells.Select(cell => cell.StopAsync(DisposedReason))).ConfigureAwait(false);
    }

    internal ILogger CreateActorLogger(Type actorType) => _loggerFactory.CreateLogger(actorType);

    internal void Unregister(IActorCell cell)
    {
        lock (_gate)
        {
            if (_actors.TryGetValue(cell.Path, out var registered) && ReferenceEquals(registered, cell))
            {
                _actors.Remove(cell.Path);
            }
        }
    }

    internal void PublishDeadLetter(DeadLetter deadLetter)
    {
        lock (_gate)
        {
            if (_deadLetters.Count == DeadLetterCapacity)
            {
                _deadLetters.Dequeue();
            }

            _deadLetters.Enqueue(deadLetter);
        }

        LogDeadLetter(_logger, deadLetter.Path, deadLetter.Message.GetType().Name, deadLetter.Reason);
        Raise(DeadLetterPublished, deadLetter, nameof(DeadLetterPublished));
    }

    internal void PublishFailure(ActorFailure failure) => Raise(ActorFailed, failure, nameof(ActorFailed));

    /// <summary>Calls each handler separately so that one throwing neither hides the others nor reaches a mailbox.</summary>
    private void Raise<T>(Action<T>? handlers, T argument, string eventName)
    {
        if (handlers is null)
        {
            return;
        }

        foreach (var handler in handlers.GetInvocationList().Cast<Action<T>>())
        {
            try
            {
                handler(argument);
            }
            catch (Exception error)
            {
                LogEventHandlerFailed(_logger, error, eventName);
            }
        }
    }
}
