namespace SweepCluster.Cli.Commands;

/// <summary>The options of one <c>sweep predict</c> call.</summary>
internal sealed record PredictRequest(
    string Model, string Data, string? OutFile, string TextField, string? TextPairField, int BatchSize, int Threads);
