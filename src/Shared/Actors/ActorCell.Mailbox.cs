namespace SweepCluster.Shared.Actors;

/// <summary>Message handling and supervision: runs only inside the mailbox, one item at a time.</summary>
internal sealed partial class ActorCell<TMessage>
{
    private const string StartStep = "PreStartAsync";

    private readonly Queue<DateTimeOffset> _recentRestarts = new();
    private Actor<TMessage>? _instance;
    private ActorContext<TMessage>? _context;
    private int _restarts;

    /// <summary>The mailbox delegate. It never throws: a fault would kill the block and its queued messages.</summary>
    private async Task ProcessAsync(Envelope<TMessage> envelope)
    {
        try
        {
            // The start signal runs even when a stop came first (as Akka's Create does), so every
            // actor that PostStop sees has been through PreStart.
            if (envelope.Message is not { } message)
            {
                await StartInstanceAsync(null).ConfigureAwait(false);
                return;
            }

            var stopReason = Volatile.Read(ref _stopReason);
            if (stopReason is not null)
            {
                DeadLetter(message, envelope.Reply, stopReason);
                return;
            }

            try
            {
                var instance = _instance ?? throw new InvalidOperationException("The actor has no running instance.");
                await instance.ReceiveAsync(message).ConfigureAwait(false);
            }
            catch (Exception error)
            {
                envelope.Reply?.TryFail(error);
                await StartInstanceAsync(new Failure(error, message.GetType().Name)).ConfigureAwait(false);
            }
        }
        catch (Exception error)
        {
            ActorSystem.LogMailboxFault(_logger, error, Path);
        }
    }

    /// <summary>
    /// Creates an instance and runs its PreStart: the first start (<paramref name="failure"/> null) or a
    /// restart after <paramref name="failure"/>. A failing PreStart is itself a failure, so this loops
    /// until an instance starts or the restart limit stops the actor. A failure while the actor is
    /// stopping is logged and not restarted.
    /// </summary>
    private async Task StartInstanceAsync(Failure? failure)
    {
        while (true)
        {
            if (failure is not null)
            {
                if (IsStopped)
                {
                    // Stopping anyway: a fresh instance would only be stopped again.
                    ActorSystem.LogFailedWhileStopping(_logger, failure.Error, Path, failure.Step);
                    return;
                }

                if (!TryConsumeRestart(failure))
                {
                    return;
                }
            }

            try
            {
                var instance = _factory() ?? throw new InvalidOperationException("The actor factory returned null.");
                _context ??= new ActorContext<TMessage>(Self, _system, _system.CreateActorLogger(instance.GetType()));
                instance.Attach(_context);
                _instance = instance;
                await instance.PreStartAsync().ConfigureAwait(false);
                return;
            }
            catch (Exception error)
            {
                failure = new Failure(error, StartStep);
            }
        }
    }

    /// <summary>Counts a restart within the sliding window, or stops the actor for good when the limit is reached.</summary>
    private bool TryConsumeRestart(Failure failure)
    {
        var now = _system.Time.GetUtcNow();
        var window = _supervision.EffectiveWindow;
        while (_recentRestarts.Count > 0 && now - _recentRestarts.Peek() >= window)
        {
            _recentRestarts.Dequeue();
        }

        if (_recentRestarts.Count >= _supervision.MaxRestarts)
        {
            RequestStop(RestartLimitReason);
            ActorSystem.LogActorFailedPermanently(
                _logger, failure.Error, Path, failure.Step, _supervision.MaxRestarts, window);
            _system.PublishFailure(new ActorFailure(Path, failure.Error, _restarts));
            return false;
        }

        _recentRestarts.Enqueue(now);
        _restarts++;
        ActorSystem.LogActorRestarting(
            _logger, failure.Error, Path, failure.Step, _recentRestarts.Count, _supervision.MaxRestarts, window);
        return true;
    }

    /// <summary>An exception and where it happened (message type name or PreStart).</summary>
    private sealed record Failure(Exception Error, string Step);
}
