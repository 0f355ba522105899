using System.CommandLine;
using SweepCluster.Cli.Remote;

namespace SweepCluster.Cli.Commands;

/// <summary>
/// <c>--coordinator URL</c> (or <c>SWEEP_COORDINATOR</c>) and <c>--token-file F</c> (or <c>SWEEP_TOKEN</c>)
/// for the client commands. Given a coordinator, a command talks to it instead of a local database.
/// </summary>
internal sealed class RemoteOptions
{
    public const string CoordinatorVariable = "SWEEP_COORDINATOR";
    public const string TokenVariable = "SWEEP_TOKEN";

    public Option<string?> Coordinator { get; } = new("--coordinator")
    {
        Description = $"Coordinator URL, e.g. http://10.0.0.5:7878, or a comma-separated list (leader and standbys) (default: ${CoordinatorVariable})",
    };

    public Option<string?> TokenFile { get; } = new("--token-file")
    {
        Description = $"File holding the client token (default: ${TokenVariable})",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Coordinator);
        command.Options.Add(TokenFile);
    }

    /// <summary>
    /// A client when a coordinator is named (by option, or by the environment unless <paramref name="localDbGiven"/>), else null.
    /// </summary>
    public CoordinatorClient? TryCreate(ParseResult parse, bool localDbGiven = false)
    {
        var url = parse.GetValue(Coordinator) ?? (localDbGiven ? null : Environment.GetEnvironmentVariable(CoordinatorVariable));
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }

        var coordinators = new List<Uri>();
        foreach (var part in url.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(part, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new CliException(ExitCodes.BadInput, $"--coordinator must be an http(s) URL or a comma-separated list of them, got '{part}'");
            }

            coordinators.Add(uri);
        }

        if (coordinators.Count == 0)
        {
            throw new CliException(ExitCodes.BadInput, $"--coordinator names no URL: '{url}'");
        }

        var token = Tokens.Read(parse.GetValue(TokenFile), TokenVariable, "client token");
        return new CoordinatorClient(coordinators, token);
    }

    public CoordinatorClient Create(ParseResult parse) =>
        TryCreate(parse) ?? throw new CliException(ExitCodes.BadInput, $"no coordinator: pass --coordinator URL or set {CoordinatorVariable}");
}
