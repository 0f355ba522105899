using SweepCluster.GpuNode.Runners;
using SweepCluster.Shared.Actors;
using SweepCluster.Shared.Links;

namespace SweepCluster.GpuNode.Agent;

/// <summary>Messages a <see cref="NodeActor"/> handles.</summary>
internal abstract record NodeMessage;

/// <summary>A command arrived from the coordinator.</summary>
internal sealed record CommandReceived(NodeCommand Command) : NodeMessage;

/// <summary>A trial's runner returned; its slot is free.</summary>
internal sealed record TrialExited(string TrialId, int Attempt, int Slot) : NodeMessage;

/// <summary>Stop taking work; pause (checkpoint) or stop the running trials and reply when all have exited.</summary>
internal sealed record DrainNode(bool Pause, Reply<bool> Reply) : NodeMessage;

/// <summary>How many trials run and wait.</summary>
internal sealed record GetNodeLoad(Reply<(int Running, int Waiting)> Reply) : NodeMessage;

/// <summary>Messages a <see cref="TrialActor"/> handles.</summary>
internal abstract record TrialMessage;

/// <summary>Stop the runner (it returns Stopped).</summary>
internal sealed record StopRunner(string Reason) : TrialMessage;

/// <summary>Ask the runner to checkpoint and return Paused.</summary>
internal sealed record PauseRunner(string Reason) : TrialMessage;

/// <summary>The runner returned.</summary>
internal sealed record RunnerReturned(TrialResult Result) : TrialMessage;
