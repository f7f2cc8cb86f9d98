using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using IIoT.Cloud.Configuration;

namespace IIoT.Cloud.Storage;

/// <summary>InfluxDB 1.x: POST /write?db=..&amp;rp=..&amp;precision=ns with Basic auth when a user is set.</summary>
internal sealed class InfluxV1Writer : IInfluxWriter, IDisposable
{
    private readonly HttpClient _http;
    private readonly StorageOptions _options;
    private readonly AuthenticationHeaderValue? _authorization;
    private readonly ConcurrentDictionary<string, bool> _createdDatabases = new(StringComparer.Ordinal);

    public InfluxV1Writer(StorageOptions options)
    {
        _options = options;
        // The timeout is applied per request so that it can be told apart from the caller giving up.
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = new Uri(options.Url.TrimEnd('/') + "/"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
        if (!string.IsNullOrEmpty(options.UserName))
        {
            // Basic auth rather than u=/p= so that the password never appears in a URL or an access log.
            var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.UserName}:{options.Password}"));
            _authorization = new AuthenticationHeaderValue("Basic", credentials);
        }
    }

    public async Task<InfluxWriteOutcome> WriteAsync(string target, ReadOnlyMemory<byte> lines, CancellationToken cancellationToken)
    {
        if (_options.CreateDatabases && !_createdDatabases.ContainsKey(target))
        {
            await CreateDatabaseAsync(target, cancellationToken).ConfigureAwait(false);
        }
        var (status, error) = await PostWriteAsync(target, lines, cancellationToken).ConfigureAwait(false);
        if (status == HttpStatusCode.NotFound && _options.CreateDatabases)
        {
            // Dropped behind our back: create it again, once.
            await CreateDatabaseAsync(target, cancellationToken).ConfigureAwait(false);
            (status, error) = await PostWriteAsync(target, lines, cancellationToken).ConfigureAwait(false);
        }
        if (status is HttpStatusCode.BadRequest or HttpStatusCode.NotFound && IsMissingTarget(error))
        {
            // Not the points' fault: bisecting would refuse every point one request at a time.
            throw new InfluxUnavailableException(InfluxFailure.NotFound, "InfluxDB: " + error);
        }
        return status switch
        {
            HttpStatusCode.NoContent or HttpStatusCode.OK => InfluxWriteOutcome.Accepted,
            // 400 covers parse errors and "partial write: field type conflict ... dropped=N".
            HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity or HttpStatusCode.RequestEntityTooLarge
                => new InfluxWriteOutcome(error),
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                => throw new InfluxUnavailableException(InfluxFailure.Unauthorized, $"InfluxDB refused our credentials ({(int)status})."),
            HttpStatusCode.NotFound
                => throw new InfluxUnavailableException(InfluxFailure.NotFound, $"InfluxDB: {error}"),
            _ => throw new InfluxUnavailableException(InfluxFailure.ServerError, $"InfluxDB answered {(int)status}: {error}"),
        };
    }

    /// <summary>Creates the database now when <see cref="StorageOptions.CreateDatabases"/> is set (idempotent in InfluxDB).</summary>
    public async Task PrepareAsync(string target, CancellationToken cancellationToken)
    {
        if (_options.CreateDatabases)
        {
            await CreateDatabaseAsync(target, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "ping");
            using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (InfluxUnavailableException)
        {
            return false;
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<(HttpStatusCode Status, string Error)> PostWriteAsync(string target, ReadOnlyMemory<byte> lines, CancellationToken cancellationToken)
    {
        var uri = "write?precision=ns&db=" + Uri.EscapeDataString(target) +
            (string.IsNullOrEmpty(_options.RetentionPolicy) ? "" : "&rp=" + Uri.EscapeDataString(_options.RetentionPolicy));
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ReadOnlyMemoryContent(lines) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return (response.StatusCode, "");
        }
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return (response.StatusCode, ErrorMessage(body));
    }

    private async Task CreateDatabaseAsync(string database, CancellationToken cancellationToken)
    {
        var statement = "CREATE DATABASE \"" + database.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
        using var request = new HttpRequestMessage(HttpMethod.Post, "query?q=" + Uri.EscapeDataString(statement));
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new InfluxUnavailableException(InfluxFailure.Unauthorized, $"InfluxDB refused CREATE DATABASE ({(int)response.StatusCode}).");
        }
        if (!response.IsSuccessStatusCode)
        {
            throw new InfluxUnavailableException(InfluxFailure.ServerError, $"InfluxDB CREATE DATABASE answered {(int)response.StatusCode}.");
        }
        _createdDatabases[database] = true;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = _authorization;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InfluxUnavailableException(InfluxFailure.TimedOut, $"InfluxDB did not answer within {_options.Timeout.TotalSeconds:0.#} s.", e);
        }
        catch (HttpRequestException e)
        {
            throw new InfluxUnavailableException(InfluxFailure.Unreachable, "InfluxDB is unreachable: " + e.Message, e);
        }
    }

    private static bool IsMissingTarget(string error) =>
        error.Contains("database not found", StringComparison.Ordinal) || error.Contains("retention policy not found", StringComparison.Ordinal);

    private static string ErrorMessage(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.TryGetProperty("error", out var error) && error.GetString() is { } message)
            {
                return message.Trim();
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's page, VictoriaMetrics' plain text): use the text.
        }
        return body.Length > 500 ? body[..500] : body.Trim();
    }
}
