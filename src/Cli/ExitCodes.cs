namespace SweepCluster.Cli;

/// <summary>The documented exit codes of <c>sweep</c> (docs/cli.md).</summary>
internal static class ExitCodes
{
    /// <summary>Done: the sweep ran to the end (whatever its trials' outcomes), or the query succeeded.</summary>
    public const int Ok = 0;

    /// <summary>An unexpected internal error (a bug: please report it with the log).</summary>
    public const int InternalError = 1;

    /// <summary>Bad input: unknown command or option, invalid spec, missing file.</summary>
    public const int BadInput = 2;

    /// <summary>The database could not be opened or used, or the named sweep does not exist.</summary>
    public const int StoreError = 3;

    /// <summary>The coordinator could not be reached, refused the token, or answered with an error.</summary>
    public const int CoordinatorError = 4;

    /// <summary>Interrupted (Ctrl-C): running trials were paused and state saved; run the same command to resume.</summary>
    public const int Interrupted = 130;
}
