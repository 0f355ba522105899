using SweepCluster.Shared.Actors;

namespace SweepCluster.Shared.Tests.Actors;

/// <summary>An actor whose in-memory state is rebuilt from <see cref="ProbeJournal"/> in PreStartAsync.</summary>
public sealed class ProbeActor(ProbeJournal journal) : Actor<ProbeMessage>
{
    private readonly int _instance = journal.NextInstance();
    private readonly List<Reply<int>> _ignored = [];
    private List<int> _values = [];

    protected internal override Task PreStartAsync()
    {
        journal.PreStarts++;
        if (journal.FailPreStartOfInstance == _instance)
        {
            throw new InvalidOperationException($"PreStart of instance {_instance} fails");
        }

        _values = [.. journal.Entries];
        return Task.CompletedTask;
    }

    protected internal override async Task ReceiveAsync(ProbeMessage message)
    {
        switch (message)
        {
            case Append append:
                journal.Entries.Add(append.Value);
                _values.Add(append.Value);
                break;
            case Boom boom:
                throw new InvalidOperationException(boom.Reason);
            case GetValues get:
                get.Reply.Complete(_values.ToArray());
                break;
            case Block block:
                block.Entered.SetResult();
                await block.Release;
                break;
            case Ignore ignore:
                _ignored.Add(ignore.Reply);
                break;
            case StopSelf:
                Context.Stop();
                break;
            case CountQueued count:
                count.Reply.Complete(Context.QueuedMessages);
                break;
            case WhoAreYou who:
                who.Reply.Complete(_instance);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(message), message, "unhandled");
        }
    }

    protected internal override Task PostStopAsync()
    {
        journal.PostStops++;
        return Task.CompletedTask;
    }
}
