namespace SweepCluster.GpuNode.Runners.Command;

/// <summary>A command templates file is unreadable or invalid. <see cref="Exception.Message"/> lists every problem, one per line.</summary>
public sealed class CommandTemplateException : Exception
{
    /// <summary>Creates the exception from its problems (<c>file: path: message</c>).</summary>
    public CommandTemplateException(IReadOnlyList<string> errors)
        : base(string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }

    /// <summary>Creates the exception with one problem.</summary>
    public CommandTemplateException(string message)
        : this([message])
    {
    }

    /// <summary>Creates the exception with no detail (for serializers and analyzers).</summary>
    public CommandTemplateException()
        : this("invalid command templates")
    {
    }

    /// <summary>Creates the exception with one problem and its cause.</summary>
    public CommandTemplateException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    /// <summary>Every problem found, in file order.</summary>
    public IReadOnlyList<string> Errors { get; }
}
