using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using IIoT.Contracts;
using IIoT.Contracts.V1;

namespace IIoT.Gateway.Uplink;

/// <summary>
/// Posts batches to the cloud and classifies the answer. Several URLs give failover: after a failure that
/// says nothing about the batch itself (network, timeout, 5xx) the next URL is used.
/// </summary>
internal sealed class CloudClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly UplinkOptions _options;
    private int _current;

    public CloudClient(UplinkOptions options)
    {
        _options = options;
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.None,
        };
        if (options.CaFile is { Length: > 0 } caFile)
        {
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                CertificateChainPolicy = PrivateCaPolicy(caFile),
            };
        }
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public string CurrentUrl => _options.Urls[_current % _options.Urls.Length];

    public async Task<UplinkResponse> SendAsync(ReadOnlyMemory<byte> gzippedBatch, string idempotencyKey, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(CurrentUrl), WireFormat.BatchesPath));
        request.Content = new ReadOnlyMemoryContent(gzippedBatch);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(WireFormat.ProtobufContentType);
        request.Content.Headers.ContentEncoding.Add("gzip");
        request.Headers.Add(WireFormat.ApiKeyHeader, _options.ApiKey);
        request.Headers.Add(WireFormat.IdempotencyKeyHeader, idempotencyKey);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            var answer = Classify(response, body);
            if (answer.Outcome == UplinkOutcome.RetryLater)
            {
                Failover();
            }
            return answer;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Failover();
            return new UplinkResponse(UplinkOutcome.RetryLater, Detail: $"no answer from {CurrentUrl} within {_options.RequestTimeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e)
        {
            Failover();
            return new UplinkResponse(UplinkOutcome.RetryLater, Detail: e.InnerException is { } inner ? $"{e.Message} ({inner.Message})" : e.Message);
        }
    }

    public void Dispose() => _http.Dispose();

    private static UplinkResponse Classify(HttpResponseMessage response, byte[] body)
    {
        var status = (int)response.StatusCode;
        var detail = $"{status} {response.ReasonPhrase}";
        if (status is >= 200 and < 300)
        {
            try
            {
                // Only a complete, parseable answer counts as stored (UP-05).
                return new UplinkResponse(UplinkOutcome.Stored, BatchResult.Parser.ParseFrom(body));
            }
            catch (Google.Protobuf.InvalidProtocolBufferException e)
            {
                return new UplinkResponse(UplinkOutcome.RetryLater, Detail: "unreadable answer: " + e.Message);
            }
        }
        var text = body.Length == 0 ? "" : ": " + System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 500));
        return status switch
        {
            400 or 422 => new UplinkResponse(UplinkOutcome.Refused, Detail: detail + text),
            413 => new UplinkResponse(UplinkOutcome.TooLarge, Detail: detail),
            401 or 403 => new UplinkResponse(UplinkOutcome.Unauthorized, Detail: detail + text),
            _ => new UplinkResponse(UplinkOutcome.RetryLater, RetryAfter: RetryAfter(response), Detail: detail + text),
        };
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }
        if (header?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }

    private void Failover() => Interlocked.Increment(ref _current);

    private static X509ChainPolicy PrivateCaPolicy(string caFile)
    {
        // A private CA seldom publishes a revocation list; trust is limited to this one CA instead.
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.ImportFromPemFile(caFile);
        return policy;
    }
}
