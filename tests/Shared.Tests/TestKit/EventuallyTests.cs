using SweepCluster.TestKit;

namespace SweepCluster.Shared.Tests.TestKit;

public sealed class EventuallyTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(50);

    [Fact]
    public async Task UntilAsync_TrueAtOnce_ChecksOnce()
    {
        var checks = 0;

        await Eventually.UntilAsync(() => ++checks > 0, Long, "anything");

        Assert.Equal(1, checks);
    }

    [Fact]
    public async Task UntilAsync_TrueOnTheFifthCheck_ReturnsAfterExactlyFiveChecks()
    {
        var checks = 0;

        await Eventually.UntilAsync(() => Task.FromResult(++checks == 5), Long, "the fifth check", TimeSpan.FromMilliseconds(1));

        Assert.Equal(5, checks);
    }

    [Fact]
    public async Task UntilAsync_NeverTrue_TimeoutExceptionSaysWhatAndHowLongAfterSeveralChecks()
    {
        var checks = 0;

        var error = await Assert.ThrowsAsync<TimeoutException>(
            () => Eventually.UntilAsync(() => ++checks < 0, Short, "the flag to be set", TimeSpan.FromMilliseconds(5)));

        Assert.Equal($"Waited 0.05 s for the flag to be set, in vain ({checks} check{(checks == 1 ? "" : "s")}).", error.Message);
        Assert.InRange(checks, 1, 11); // one check per 5 ms at the most: no busy loop
    }

    [Fact]
    public async Task UntilAsync_ConditionThrows_ExceptionPropagatesUnwrapped()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => Eventually.UntilAsync(() => Task.FromException<bool>(new InvalidOperationException("store gone")), Long, "a row"));

        Assert.Equal("store gone", error.Message);
    }

    [Fact]
    public async Task ValueAsync_ValueOnTheThirdCheck_ReturnsIt()
    {
        var checks = 0;

        var value = await Eventually.ValueAsync(_ => Task.FromResult(++checks == 3 ? "third" : null), Long, "a value", TimeSpan.FromMilliseconds(1));

        Assert.Equal(("third", 3), (value, checks));
    }

    [Fact]
    public async Task ValueAsync_ProbeHangsOnItsToken_TokenCancelledAtTheDeadlineAndTimeoutReported()
    {
        var token = CancellationToken.None;

        var error = await Assert.ThrowsAsync<TimeoutException>(() => Eventually.ValueAsync<string>(
            async ct =>
            {
                token = ct;
                await Task.Delay(Timeout.Infinite, ct);
                return "never";
            },
            Short,
            "a hung request"));

        Assert.True(token.IsCancellationRequested);
        Assert.Equal("Waited 0.05 s for a hung request, in vain (1 check).", error.Message);
    }
}
