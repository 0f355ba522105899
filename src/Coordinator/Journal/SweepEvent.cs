using System.Text.Json.Serialization;

namespace SweepCluster.Coordinator.Journal;

/// <summary>
/// Base of every journaled event. A sweep's stream holds the events of DESIGN §4 in order; the
/// cluster stream (<see cref="Streams.Cluster"/>) holds node membership. Events are immutable and
/// serialized with a type discriminator, so adding a new event type never breaks old journals.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$type")]
[JsonDerivedType(typeof(SweepSubmitted), "SweepSubmitted")]
[JsonDerivedType(typeof(TrialQueued), "TrialQueued")]
[JsonDerivedType(typeof(TrialAssigned), "TrialAssigned")]
[JsonDerivedType(typeof(TrialStarted), "TrialStarted")]
[JsonDerivedType(typeof(MetricReported), "MetricReported")]
[JsonDerivedType(typeof(TrialCheckpointed), "TrialCheckpointed")]
[JsonDerivedType(typeof(TrialPaused), "TrialPaused")]
[JsonDerivedType(typeof(DecisionMade), "DecisionMade")]
[JsonDerivedType(typeof(TrialFinished), "TrialFinished")]
[JsonDerivedType(typeof(TrialLost), "TrialLost")]
[JsonDerivedType(typeof(SweepCancelled), "SweepCancelled")]
[JsonDerivedType(typeof(SweepResumed), "SweepResumed")]
[JsonDerivedType(typeof(SweepCompleted), "SweepCompleted")]
[JsonDerivedType(typeof(NodeJoined), "NodeJoined")]
[JsonDerivedType(typeof(NodeLost), "NodeLost")]
public abstract record SweepEvent;
