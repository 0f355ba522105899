using SweepCluster.Shared.Trials;

namespace SweepCluster.Cli.Rendering.Plot;

/// <summary>Colours and strokes of the report plot (colour-blind-safe Okabe–Ito palette).</summary>
internal static class PlotStyle
{
    public const string WithReplacement = "#0072B2";
    public const string Unbiased = "#D55E00";
    public const string Band = "#56B4E9";
    public const string ObservedBest = "#555555";
    public const string Grid = "#e6e6e6";
    public const string AxisLine = "#444444";
    public const string UnbiasedDash = "7 4";
    public const string ObservedDash = "3 3";

    public static string StateColor(TrialState state) => state switch
    {
        TrialState.Completed => "#009E73",
        TrialState.EarlyStopped => "#E69F00",
        TrialState.Diverged => "#CC3311",
        TrialState.Failed => "#882255",
        TrialState.Cancelled => "#999999",
        TrialState.Paused => "#56B4E9",
        _ => "#0072B2", // queued, assigned, running, lost: still in progress
    };
}
