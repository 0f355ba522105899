using System.Globalization;
using Microsoft.AspNetCore.Http;
using SweepCluster.Coordinator.Leadership;

namespace SweepCluster.Coordinator.Http;

/// <summary>
/// Answers <c>503</c> with <c>Retry-After</c> and the standby's message ("standby coordinator; the
/// leader is …") when a route needs the leader and this coordinator does not lead
/// (<see cref="CoordinatorRole.Leader"/> threw). Nothing was changed by such a request.
/// </summary>
internal static class StandbyFilter
{
    public static EndpointFilterDelegate Filter(EndpointFilterFactoryContext context, EndpointFilterDelegate next) => async invocation =>
    {
        try
        {
            return await next(invocation);
        }
        catch (StandbyException standby)
        {
            return Answer(invocation.HttpContext, standby);
        }
    };

    public static IResult Answer(HttpContext context, StandbyException standby)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(standby.RetryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return ApiResults.Error(StatusCodes.Status503ServiceUnavailable, standby.Message);
    }
}
