using System.Security.Cryptography;
using Google.Protobuf;
using WireFormat = IIoT.Contracts.WireFormat;
using IIoT.Cloud.Configuration;
using IIoT.Cloud.Storage;
using IIoT.Contracts;
using IIoT.Contracts.V1;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IIoT.Cloud.Ingestion;

/// <summary>POST /api/v1/batches: authenticate, bound, decode, de-duplicate, store, answer a BatchResult.</summary>
internal sealed class BatchEndpoint(
    ApiKeyAuthenticator authenticator,
    AuthFailureThrottle authThrottle,
    GatewayConcurrencyLimiter limiter,
    ReplayCache replays,
    BatchIngestor ingestor,
    IOptions<CloudOptions> options,
    CloudMetrics metrics,
    ILogger<BatchEndpoint> logger)
{
    private static readonly TimeSpan ThrottledRetryAfter = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan UnavailableRetryAfter = TimeSpan.FromSeconds(5);
    private readonly LimitsOptions _limits = options.Value.Limits;

    public async Task HandleAsync(HttpContext context)
    {
        var remote = context.Connection.RemoteIpAddress;
        if (authThrottle.IsBlocked(remote, out var retryAfter, out var firstRefusal))
        {
            // API-01: before any key check or body read, so a blocked address costs almost nothing.
            metrics.AuthThrottled.Add(1);
            if (firstRefusal)
            {
                Log.AuthThrottled(logger, remote?.ToString(), (int)Math.Ceiling(retryAfter.TotalSeconds));
            }
            await ProblemResponses.WriteAsync(context, StatusCodes.Status429TooManyRequests,
                "Too many failed authentications from this address; retry later.", retryAfter < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : retryAfter).ConfigureAwait(false);
            return;
        }
        var key = ApiKeyAuthenticator.KeyFrom(context.Request);
        var gateway = authenticator.Authenticate(key);
        if (gateway is null)
        {
            // API-01: before the body is read, and nothing is written.
            metrics.AuthFailures.Add(1);
            authThrottle.RecordFailure(remote);
            Log.AuthenticationFailed(logger, context.Connection.RemoteIpAddress?.ToString(), key is null ? "no API key" : "unknown API key");
            context.Response.Headers.WWWAuthenticate = "ApiKey";
            await ProblemResponses.WriteAsync(context, StatusCodes.Status401Unauthorized, "A valid API key is required.").ConfigureAwait(false);
            return;
        }
        if (!limiter.TryEnter(gateway.GatewayId))
        {
            Log.Throttled(logger, gateway.GatewayId);
            await ProblemResponses.WriteAsync(context, StatusCodes.Status429TooManyRequests,
                $"At most {_limits.MaxConcurrentRequestsPerGateway} concurrent requests per gateway.", ThrottledRetryAfter).ConfigureAwait(false);
            return;
        }
        try
        {
            await HandleAuthenticatedAsync(context, gateway).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The gateway gave up; it will resend.
        }
        catch (Exception e)
        {
            Log.Unexpected(logger, e, gateway.GatewayId);
            if (!context.Response.HasStarted)
            {
                await ProblemResponses.WriteAsync(context, StatusCodes.Status500InternalServerError, "Internal error.").ConfigureAwait(false);
            }
        }
        finally
        {
            limiter.Exit(gateway.GatewayId);
        }
    }

    private async Task HandleAuthenticatedAsync(HttpContext context, GatewayIdentity gateway)
    {
        var request = context.Request;
        if (!IsProtobuf(request.ContentType))
        {
            await RefuseAsync(context, gateway, StatusCodes.Status415UnsupportedMediaType, $"Content-Type must be {WireFormat.ProtobufContentType}.").ConfigureAwait(false);
            return;
        }
        var encoding = request.Headers.ContentEncoding.ToString().Trim();
        var gzip = encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase);
        if (!gzip && encoding.Length > 0 && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            await RefuseAsync(context, gateway, StatusCodes.Status415UnsupportedMediaType, "Content-Encoding must be gzip or identity.").ConfigureAwait(false);
            return;
        }
        if (request.ContentLength > _limits.MaxCompressedBytes)
        {
            await RefuseAsync(context, gateway, StatusCodes.Status413PayloadTooLarge, $"The body exceeds {_limits.MaxCompressedBytes} bytes.").ConfigureAwait(false);
            return;
        }

        Batch batch;
        byte[] bodyHash;
        PooledBytes body;
        try
        {
            body = await BoundedBodyReader.ReadAsync(request.Body, gzip, _limits.MaxDecompressedBytes, request.ContentLength, context.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's MaxRequestBodySize (413) or MinRequestBodyDataRate.
            await RefuseAsync(context, gateway, e.StatusCode, e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? $"The body exceeds {_limits.MaxCompressedBytes} bytes." : "The request body could not be read.").ConfigureAwait(false);
            return;
        }
        catch (PayloadTooLargeException e)
        {
            await RefuseAsync(context, gateway, StatusCodes.Status413PayloadTooLarge, e.Message).ConfigureAwait(false);
            return;
        }
        catch (InvalidDataException e)
        {
            await RefuseAsync(context, gateway, StatusCodes.Status400BadRequest, "The body is not valid gzip: " + e.Message).ConfigureAwait(false);
            return;
        }
        using (body)
        {
            metrics.BatchesReceived.Add(1);
            metrics.BytesReceived.Add(request.ContentLength ?? body.Length);
            try
            {
                batch = Batch.Parser.ParseFrom(body.Span);
            }
            catch (InvalidProtocolBufferException e)
            {
                await RefuseAsync(context, gateway, StatusCodes.Status400BadRequest, "The body is not a valid protobuf Batch: " + e.Message).ConfigureAwait(false);
                return;
            }
            bodyHash = SHA256.HashData(body.Span);
        }

        if (batch.GatewayId.Length > 0 && batch.GatewayId != gateway.GatewayId)
        {
            // API-02: identity comes from the key; a batch claiming another gateway is refused, not relabelled.
            Log.GatewayMismatch(logger, gateway.GatewayId, batch.GatewayId);
            await ProblemResponses.WriteAsync(context, StatusCodes.Status403Forbidden, "The batch's gateway_id does not match the API key.").ConfigureAwait(false);
            return;
        }
        if (CheckIdempotencyKey(request, gateway, batch) is { } keyProblem)
        {
            await RefuseAsync(context, gateway, StatusCodes.Status400BadRequest, keyProblem).ConfigureAwait(false);
            return;
        }
        if (batch.Points.Count > _limits.MaxPointsPerBatch)
        {
            await RefuseAsync(context, gateway, StatusCodes.Status413PayloadTooLarge,
                $"The batch holds {batch.Points.Count} points; at most {_limits.MaxPointsPerBatch} are accepted.").ConfigureAwait(false);
            return;
        }

        if (replays.TryGet(gateway.GatewayId, batch.Sequence, bodyHash, out var earlier))
        {
            metrics.BatchesDuplicate.Add(1);
            Log.DuplicateBatch(logger, batch.Sequence, gateway.GatewayId);
            var replay = earlier.Clone();
            replay.Duplicate = true;
            await WriteResultAsync(context, replay).ConfigureAwait(false);
            return;
        }

        BatchResult result;
        try
        {
            result = await ingestor.StoreAsync(batch, gateway, context.RequestAborted).ConfigureAwait(false);
        }
        catch (InfluxUnavailableException e)
        {
            // API-10/11: never the gateway's fault, never 2xx: retry later.
            metrics.InfluxErrors.Add(1);
            if (e.Failure == InfluxFailure.Unauthorized)
            {
                Log.InfluxUnauthorized(logger, e.Message);
            }
            Log.InfluxUnavailable(logger, e.Failure.ToString(), batch.Sequence, gateway.GatewayId, e.Message);
            await ProblemResponses.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Storage is unavailable; retry later.", UnavailableRetryAfter).ConfigureAwait(false);
            return;
        }
        replays.Remember(gateway.GatewayId, batch.Sequence, bodyHash, result);
        metrics.BatchesStored.Add(1);
        metrics.PointsWritten.Add(result.AcceptedPoints);
        metrics.PointsRejected.Add(result.Rejected.Count);
        if (result.Rejected.Count > 0)
        {
            Log.PointsRejected(logger, batch.Sequence, gateway.GatewayId, result.Rejected.Count, result.Rejected[0].Reason);
        }
        Log.BatchStored(logger, batch.Sequence, gateway.GatewayId, result.AcceptedPoints, result.Rejected.Count);
        await WriteResultAsync(context, result).ConfigureAwait(false);
    }

    private static string? CheckIdempotencyKey(HttpRequest request, GatewayIdentity gateway, Batch batch)
    {
        var header = request.Headers[WireFormat.IdempotencyKeyHeader].ToString();
        if (header.Length == 0)
        {
            return null;
        }
        var colon = header.LastIndexOf(':');
        if (colon < 0 || !ulong.TryParse(header.AsSpan(colon + 1), out var sequence))
        {
            return "Idempotency-Key must be \"{gatewayId}:{sequence}\".";
        }
        if (sequence != batch.Sequence || !header.AsSpan(0, colon).SequenceEqual(gateway.GatewayId))
        {
            return "Idempotency-Key does not match the gateway and the batch's sequence.";
        }
        return null;
    }

    private static bool IsProtobuf(string? contentType) =>
        contentType is not null && contentType.StartsWith(WireFormat.ProtobufContentType, StringComparison.OrdinalIgnoreCase);

    private Task RefuseAsync(HttpContext context, GatewayIdentity gateway, int status, string detail)
    {
        Log.RequestRefused(logger, gateway.GatewayId, status, detail);
        return ProblemResponses.WriteAsync(context, status, detail);
    }

    private static async Task WriteResultAsync(HttpContext context, BatchResult result)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = WireFormat.ProtobufContentType;
        await context.Response.Body.WriteAsync(result.ToByteArray(), context.RequestAborted).ConfigureAwait(false);
    }
}
