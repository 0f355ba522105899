namespace SweepCluster.Cli.Commands;

/// <summary>Reads a bearer token from a file (first line, trimmed) or an environment variable. Tokens are never printed.</summary>
internal static class Tokens
{
    public static string Read(string? file, string variable, string what)
    {
        if (file is not null)
        {
            if (!File.Exists(file))
            {
                throw new CliException(ExitCodes.BadInput, $"{what} file not found: {file}");
            }

            var fromFile = File.ReadAllText(file).Trim();
            return fromFile.Length > 0 ? fromFile : throw new CliException(ExitCodes.BadInput, $"{what} file is empty: {file}");
        }

        var fromEnv = Environment.GetEnvironmentVariable(variable)?.Trim();
        return string.IsNullOrEmpty(fromEnv)
            ? throw new CliException(ExitCodes.BadInput, $"no {what}: pass its file or set {variable}")
            : fromEnv;
    }
}
