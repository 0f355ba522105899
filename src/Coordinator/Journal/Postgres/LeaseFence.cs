namespace SweepCluster.Coordinator.Journal;

/// <summary>The lease whose epoch every write checks (see <see cref="PostgresSweepStore.CreateLeaderElection"/>).</summary>
internal sealed record LeaseFence(string Name, long Epoch)
{
    public const string Sql = "SELECT check_leader_lease(@lease_name, @lease_epoch);";
}
