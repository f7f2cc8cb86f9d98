using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using IIoT.Cloud.Configuration;
using IIoT.Cloud.Kpi.Options;
using IIoT.Cloud.Storage;

namespace IIoT.Cloud.Kpi.Storage;

/// <summary>
/// InfluxQL over the 1.x HTTP API (GET /query, chunked=false, epoch=ns). InfluxDB 2.x serves the same through
/// its v1 compatibility API. Failures are <see cref="InfluxUnavailableException"/>s, like the writer's.
/// </summary>
internal sealed class InfluxQueryClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly TimeSpan _timeout;
    private readonly AuthenticationHeaderValue? _authorization;

    public InfluxQueryClient(StorageOptions storage, KpiOptions kpi)
    {
        _timeout = kpi.QueryTimeout;
        _http = new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.GZip,
        })
        {
            BaseAddress = new Uri(storage.Url.TrimEnd('/') + "/"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
        if (!string.IsNullOrEmpty(storage.UserName))
        {
            // Basic auth, never u=/p= in the URL (access logs).
            var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{storage.UserName}:{storage.Password}"));
            _authorization = new AuthenticationHeaderValue("Basic", credentials);
        }
    }

    /// <summary>
    /// Runs <paramref name="influxQl"/> (one statement: influxd answers several on a missing database with only
    /// "not executed") against <paramref name="database"/> and returns the
    /// answer; <see cref="InfluxResults"/> reads it. The caller disposes the document.
    /// </summary>
    /// <exception cref="InfluxUnavailableException">Unreachable, timed out, refused or a statement failed.</exception>
    public async Task<JsonDocument> QueryAsync(string database, string influxQl, CancellationToken cancellationToken)
    {
        var uri = "query?epoch=ns&db=" + Uri.EscapeDataString(database) + "&q=" + Uri.EscapeDataString(influxQl);
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = _authorization;
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InfluxUnavailableException(InfluxFailure.TimedOut, $"InfluxDB did not answer a query within {_timeout.TotalSeconds:0.#} s.", e);
        }
        catch (HttpRequestException e)
        {
            throw new InfluxUnavailableException(InfluxFailure.Unreachable, "InfluxDB is unreachable: " + e.Message, e);
        }
        using (response)
        {
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw new InfluxUnavailableException(InfluxFailure.Unauthorized, $"InfluxDB refused our credentials ({(int)response.StatusCode}).");
            }
            JsonDocument document;
            try
            {
                await using var body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
                document = await JsonDocument.ParseAsync(body, default, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new InfluxUnavailableException(InfluxFailure.TimedOut, $"InfluxDB did not finish a query answer within {_timeout.TotalSeconds:0.#} s.", e);
            }
            catch (Exception e) when (e is JsonException or HttpRequestException or IOException)
            {
                throw new InfluxUnavailableException(InfluxFailure.ServerError, $"InfluxDB answered {(int)response.StatusCode} with an unreadable body: {e.Message}", e);
            }
            if (InfluxResults.Error(document) is { } error)
            {
                document.Dispose();
                // "database not found" is a tenant that has not written yet: no data rather than a failure.
                if (error.Contains("database not found", StringComparison.Ordinal))
                {
                    return JsonDocument.Parse("{\"results\":[]}");
                }
                throw new InfluxUnavailableException(InfluxFailure.ServerError, $"InfluxDB query failed ({(int)response.StatusCode}): {error}");
            }
            if (!response.IsSuccessStatusCode)
            {
                document.Dispose();
                throw new InfluxUnavailableException(InfluxFailure.ServerError, $"InfluxDB answered a query with {(int)response.StatusCode}.");
            }
            return document;
        }
    }

    public void Dispose() => _http.Dispose();
}
