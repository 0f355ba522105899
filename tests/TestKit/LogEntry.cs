using Microsoft.Extensions.Logging;

namespace SweepCluster.TestKit;

/// <summary>One log call captured by <see cref="RecordingLoggerFactory"/>.</summary>
/// <param name="Category">Logger category (usually the full type name).</param>
/// <param name="Message">The formatted message.</param>
public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception);
