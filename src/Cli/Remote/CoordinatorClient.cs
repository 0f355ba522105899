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

/// <summary>The client side of the coordinator's HTTP API, for the CLI's <c>--coordinator</c> mode.</summary>
internal sealed class CoordinatorClient : IDisposable
{
    private const int PageSize = 1000;
    private readonly HttpClient _http;

    public CoordinatorClient(Uri coordinator, string token, HttpMessageHandler? handler = null)
    {
        _http = handler is null ? new HttpClient() : new HttpClient(handler);
        _http.BaseAddress = coordinator;
        _http.Timeout = TimeSpan.FromSeconds(60);
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public async Task<string> SubmitAsync(string yaml, string? baseDirectory, CancellationToken ct)
    {
        var path = "api/v1/sweeps" + (baseDirectory is null ? "" : "?baseDir=" + Uri.EscapeDataString(baseDirectory));
        using var content = new StringContent(yaml, Encoding.UTF8, "application/yaml");
        var reply = await SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = content }, ApiJsonContext.Default.SubmitResponse, ct);
        return reply.SweepId;
    }

    public Task<IReadOnlyList<SweepRow>> ListSweepsAsync(CancellationToken ct) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, "api/v1/sweeps"), ApiJsonContext.Default.IReadOnlyListSweepRow, ct);

    public Task<SweepSummary> GetSweepAsync(string sweepId, CancellationToken ct) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, "api/v1/sweeps/" + Uri.EscapeDataString(sweepId)), ApiJsonContext.Default.SweepSummary, ct);

    /// <summary>Every trial of a sweep (all pages), optionally only those in <paramref name="state"/>.</summary>
    public async Task<IReadOnlyList<TrialRow>> ListTrialsAsync(string sweepId, TrialState? state, CancellationToken ct)
    {
        var all = new List<TrialRow>();
        while (true)
        {
            var path = $"api/v1/sweeps/{Uri.EscapeDataString(sweepId)}/trials?offset={all.Count}&limit={PageSize}"
                + (state is null ? "" : "&state=" + state);
            var page = await SendAsync(new HttpRequestMessage(HttpMethod.Get, path), ApiJsonContext.Default.TrialPage, ct);
            all.AddRange(page.Items);
            if (page.Items.Count == 0 || all.Count >= page.Total)
            {
                return all;
            }
        }
    }

    public Task<ActionResponse> StopTrialAsync(string trialId, CancellationToken ct) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, "api/v1/trials/stop?id=" + Uri.EscapeDataString(trialId)), ApiJsonContext.Default.ActionResponse, ct);

    public Task<ActionResponse> CancelAsync(string sweepId, CancellationToken ct) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, $"api/v1/sweeps/{Uri.EscapeDataString(sweepId)}/cancel"), ApiJsonContext.Default.ActionResponse, ct);

    /// <summary>Resumes a cancelled sweep; a sweep that is not cancelled answers 409 (a <see cref="CliException"/>).</summary>
    public Task<ActionResponse> ResumeAsync(string sweepId, CancellationToken ct) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, $"api/v1/sweeps/{Uri.EscapeDataString(sweepId)}/resume"), ApiJsonContext.Default.ActionResponse, ct);

    public async Task<string> GetReportAsync(string sweepId, string format, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/v1/sweeps/{Uri.EscapeDataString(sweepId)}/report?format={format}");
        using var response = await SendRawAsync(request, ct);
        return await response.Content.ReadAsStringAsync(ct);
    }

    public void Dispose() => _http.Dispose();

    private async Task<T> SendAsync<T>(HttpRequestMessage request, JsonTypeInfo<T> type, CancellationToken ct)
    {
        using (request)
        {
            using var response = await SendRawAsync(request, ct);
            return await response.Content.ReadFromJsonAsync(type, ct)
                ?? throw new CliException(ExitCodes.CoordinatorError, "empty answer from the coordinator");
        }
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, ct);
        }
        catch (HttpRequestException ex)
        {
            throw new CliException(ExitCodes.CoordinatorError, $"cannot reach the coordinator at {_http.BaseAddress}: {ex.Message}");
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
