namespace SweepCluster.Shared.Actors;

/// <summary>A <see cref="Reply{T}"/> seen without its type, so the kernel can fail it.</summary>
internal interface IPendingReply
{
    /// <summary>Fails the reply unless it was already answered; true if this call decided it.</summary>
    bool TryFail(Exception error);
}
