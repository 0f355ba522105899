using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using SweepCluster.Shared.Links;

namespace SweepCluster.GpuNode.Http;

/// <summary>
/// The cluster-mode <see cref="ICoordinatorLink"/>: JSON over HTTP to <c>/api/v1/nodes/…</c> with the
/// cluster bearer token. Transient failures (connection refused, 5xx, a request past its timeout)
/// are retried a few times with jittered exponential backoff (Polly); beyond that the call fails and
/// the agent's own loop keeps retrying while it keeps its events. A refusal (401, 409, 400) throws
/// <see cref="CoordinatorRejectedException"/> at once. A connection on which the network has gone
/// silent (a partition) fails within <see cref="HttpLinkOptions.NetworkTimeout"/> (<see cref="TcpLiveness"/>).
/// <para>
/// With several coordinator addresses (a leader and standbys, <see cref="HttpLinkOptions.Coordinators"/>)
/// the link sticks to the one that last worked and moves to the next when a request cannot reach
/// it (connection refused, timeout) or it answers 503 (a standby, or a leader stepping down); the
/// retries above then go to the next address.
/// </para>
/// </summary>
public sealed class HttpCoordinatorLink : ICoordinatorLink, IDisposable
{
    private readonly HttpClient _client;
    private readonly bool _ownsClient;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly IReadOnlyList<Uri> _addresses;
    private readonly TimeSpan _networkTimeout;
    private int _current;

    /// <summary>Creates a link; when <paramref name="client"/> is null the link owns its own.</summary>
    public HttpCoordinatorLink(HttpLinkOptions options, TimeProvider time, HttpClient? client = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _ownsClient = client is null;
        _client = client ?? new HttpClient(TcpLiveness.CreateHandler(options.NetworkTimeout));
        _addresses = options.Addresses;
        _networkTimeout = options.NetworkTimeout;
        _client.Timeout = Timeout.InfiniteTimeSpan; // the pipeline's per-attempt timeout governs
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.Token);
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        if (options.MaxRetries > 0)
        {
            pipeline.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(r => (int)r.StatusCode >= 500 || r.StatusCode == HttpStatusCode.TooManyRequests),
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            });
        }

        _pipeline = pipeline.AddTimeout(options.RequestTimeout).Build();
    }

    /// <summary>The coordinator address requests go to now.</summary>
    public Uri Current => _addresses[Volatile.Read(ref _current)];

    /// <inheritdoc />
    public Task<RegisterReply> RegisterAsync(RegisterNode request, CancellationToken cancellationToken) =>
        PostAsync("api/v1/nodes/register", request, NodeLinkJsonContext.Default.RegisterNode, NodeLinkJsonContext.Default.RegisterReply, cancellationToken);

    /// <inheritdoc />
    public Task<SyncReply> SyncAsync(SyncRequest request, CancellationToken cancellationToken) =>
        PostAsync("api/v1/nodes/sync", request, NodeLinkJsonContext.Default.SyncRequest, NodeLinkJsonContext.Default.SyncReply, cancellationToken);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }

    /// <summary>Moves to the address after <paramref name="failed"/>, unless another request already moved on.</summary>
    private void MoveOn(int failed)
    {
        if (_addresses.Count > 1)
        {
            Interlocked.CompareExchange(ref _current, (failed + 1) % _addresses.Count, failed);
        }
    }

    private async Task<TReply> PostAsync<TRequest, TReply>(
        string path, TRequest request, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TReply> replyType, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request, requestType);
        using var response = await _pipeline.ExecuteAsync(
            async ct =>
            {
                var index = Volatile.Read(ref _current);
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                try
                {
                    var answer = await _client.PostAsync(new Uri(_addresses[index], path), content, ct);
                    if (answer.StatusCode == HttpStatusCode.ServiceUnavailable)
                    {
                        MoveOn(index);
                    }

                    return answer;
                }
                catch (HttpRequestException)
                {
                    // Unreachable, or the network went silent (TcpLiveness).
                    MoveOn(index);
                    throw;
                }
                catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
                {
                    // No answer within the attempt's timeout (e.g. a frozen coordinator), or no connection
                    // within the network timeout: the latter becomes a transient failure to retry.
                    MoveOn(index);
                    if (ct.IsCancellationRequested)
                    {
                        throw;
                    }

                    throw new HttpRequestException($"no connection to {_addresses[index]} within {_networkTimeout.TotalSeconds:0.#} s", e);
                }
            },
            cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if ((int)response.StatusCode >= 500)
            {
                throw new HttpRequestException($"coordinator error {(int)response.StatusCode}: {text}", null, response.StatusCode);
            }

            throw new CoordinatorRejectedException(response.StatusCode, text);
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonSerializer.DeserializeAsync(stream, replyType, cancellationToken)
            ?? throw new HttpRequestException("empty answer from the coordinator");
    }
}
