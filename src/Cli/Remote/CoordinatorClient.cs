using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using SweepCluster.Coordinator.Http;
using SweepCluster.Coordinator.Journal;
using SweepCluster.Shared.Trials;

namespace SweepCluster.Cli.Remote;

/// <summary>
/// The client side of the coordinator's HTTP API, for the CLI's <c>--coordinator</c> mode. Given several
/// coordinator URLs (a leader and its standbys, docs/cluster.md), a request that cannot reach one, or
/// that a standby answers 503, goes to the next; the client then sticks to the one that answered.
/// </summary>
internal sealed class CoordinatorClient : IDisposable
{
    private const int PageSize = 1000;
    private readonly HttpClient _http;
    private readonly IReadOnlyList<Uri> _coordinators;
    private int _current;

    public CoordinatorClient(Uri coordinator, string token, HttpMessageHandler? handler = null)
        : this([coordinator], token, handler)
    {
    }

    public CoordinatorClient(IReadOnlyList<Uri> coordinators, string token, HttpMessageHandler? handler = null)
    {
        if (coordinators.Count == 0)
        {
            throw new ArgumentException("at least one coordinator URL is needed", nameof(coordinators));
        }

        _coordinators = coordinators;
        _http = handler is null ? new HttpClient() : new HttpClient(handler);
        _http.Timeout = TimeSpan.FromSeconds(60);
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>The coordinator the last request went to (the one that answered).</summary>
    public Uri Current => _coordinators[_current];

    public async Task<string> SubmitAsync(string yaml, string? baseDirectory, CancellationToken ct)
    {
        var path = "api/v1/sweeps" + (baseDirectory is null ? "" : "?baseDir=" + Uri.EscapeDataString(baseDirectory));
        var reply = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(yaml, Encoding.UTF8, "application/yaml") },
            ApiJsonContext.Default.SubmitResponse,
            ct);
        return reply.SweepId;
    }

    public Task<IReadOnlyList<SweepRow>> ListSweepsAsync(CancellationToken ct) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "api/v1/sweeps"), ApiJsonContext.Default.IReadOnlyListSweepRow, ct);

    public Task<SweepSummary> GetSweepAsync(string sweepId, CancellationToken ct) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, "api/v1/sweeps/" + Uri.EscapeDataString(sweepId)), ApiJsonContext.Default.SweepSummary, ct);

    /// <summary>
    /// Every trial of a sweep (all pages), optionally only those in <paramref name="state"/>. Pages
    /// follow the coordinator's <c>next</c> cursor (keyset paging), so each costs the same however
    /// deep it is, and trials do not slip between pages the way offsets shift while the sweep runs.
    /// </summary>
    public async Task<IReadOnlyList<TrialRow>> ListTrialsAsync(string sweepId, TrialState? state, CancellationToken ct)
    {
        var all = new List<TrialRow>();
        var query = $"api/v1/sweeps/{Uri.EscapeDataString(sweepId)}/trials?limit={PageSize}" + (state is null ? "" : "&state=" + state);
        string? after = null;
        do
        {
            var path = after is null ? query : query + "&after=" + Uri.EscapeDataString(after);
            var page = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), ApiJsonContext.Default.TrialPage, ct);
            all.AddRange(page.Items);
            after = page.Next;
        }
        while (after is not null);

        return all;
    }

    public Task<ActionResponse> StopTrialAsync(string trialId, CancellationToken ct) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Post, "api/v1/trials/stop?id=" + Uri.EscapeDataString(trialId)), ApiJsonContext.Default.ActionResponse, ct);

    public Task<ActionResponse> CancelAsync(string sweepId, CancellationToken ct) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Post, $"api/v1/sweeps/{Uri.EscapeDataString(sweepId)}/cancel"), ApiJsonContext.Default.ActionResponse, ct);

    /// <summary>Resumes a cancelled sweep; a sweep that is not cancelled answers 409 (a <see cref="CliException"/>).</summary>
    public Task<ActionResponse> ResumeAsync(string sweepId, CancellationToken ct) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Post, $"api/v1/sweeps/{Uri.EscapeDataString(sweepId)}/resume"), ApiJsonContext.Default.ActionResponse, ct);

    public async Task<string> GetReportAsync(string sweepId, string format, CancellationToken ct)
    {
        using var response = await SendRawAsync(
            () => new HttpRequestMessage(HttpMethod.Get, $"api/v1/sweeps/{Uri.EscapeDataString(sweepId)}/report?format={format}"), ct);
        return await response.Content.ReadAsStringAsync(ct);
    }

    public void Dispose() => _http.Dispose();

    private async Task<T> SendAsync<T>(Func<HttpRequestMessage> request, JsonTypeInfo<T> type, CancellationToken ct)
    {
        using var response = await SendRawAsync(request, ct);
        return await response.Content.ReadFromJsonAsync(type, ct)
            ?? throw new CliException(ExitCodes.CoordinatorError, "empty answer from the coordinator");
    }

    /// <summary>
    /// Sends a fresh request (built by <paramref name="build"/> with a relative path) to the current
    /// coordinator, moving on to the next on a connection failure or a standby's 503.
    /// </summary>
    private async Task<HttpResponseMessage> SendRawAsync(Func<HttpRequestMessage> build, CancellationToken ct)
    {
        var failures = new List<string>();
        HttpResponseMessage? response = null;
        for (var tried = 0; tried < _coordinators.Count && response is null; tried++)
        {
            var index = (_current + tried) % _coordinators.Count;
            var baseUri = _coordinators[index];
            using var request = build();
            request.RequestUri = new Uri(baseUri, request.RequestUri!);
            try
            {
                var answer = await _http.SendAsync(request, ct);
                if (answer.StatusCode == HttpStatusCode.ServiceUnavailable && tried + 1 < _coordinators.Count)
                {
                    using (answer)
                    {
                        failures.Add($"{baseUri}: 503 {TryError(await answer.Content.ReadAsStringAsync(ct))}");
                    }

                    continue;
                }

                _current = index;
                response = answer;
            }
            catch (HttpRequestException ex)
            {
                failures.Add($"{baseUri}: {ex.Message}");
            }
        }

        if (response is null)
        {
            throw new CliException(
                ExitCodes.CoordinatorError,
                _coordinators.Count == 1
                    ? $"cannot reach the coordinator at {failures[0]}"
                    : $"no coordinator answered ({string.Join("; ", failures)})");
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            var message = TryError(body) ?? body;
            throw response.StatusCode switch
            {
                HttpStatusCode.Unauthorized => new CliException(ExitCodes.CoordinatorError, "the coordinator refused the client token (set SWEEP_TOKEN or --token-file)"),
                HttpStatusCode.BadRequest => new CliException(ExitCodes.BadInput, message),
                HttpStatusCode.Conflict => new CliException(ExitCodes.BadInput, message),
                HttpStatusCode.NotFound => new CliException(ExitCodes.StoreError, message),
                _ => new CliException(ExitCodes.CoordinatorError, $"coordinator answered {(int)response.StatusCode}: {message}"),
            };
        }
    }

    private static string? TryError(string body)
    {
        try
        {
            var error = JsonSerializer.Deserialize(body, ApiJsonContext.Default.ApiError);
            return error is null ? null : error.Line is { } line ? $"{error.Error} (line {line})" : error.Error;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
