namespace SweepCluster.Coordinator.Leadership;

/// <summary>Who holds (or last held) the leadership, as the store knows it.</summary>
/// <param name="Holder">The holder's description, e.g. its advertised URL.</param>
/// <param name="Epoch">The epoch of its lease.</param>
/// <param name="Live">False when the lease has expired or was released (a standby may take over).</param>
public sealed record LeaderInfo(string Holder, long Epoch, bool Live);
