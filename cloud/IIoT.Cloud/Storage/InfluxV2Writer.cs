using System.Text;
using IIoT.Cloud.Configuration;
using InfluxDB.Client;
using InfluxDB.Client.Api.Domain;
using InfluxDB.Client.Core.Exceptions;

namespace IIoT.Cloud.Storage;

/// <summary>InfluxDB 2.x (and VictoriaMetrics) through InfluxDB.Client's WriteApiAsync.</summary>
internal sealed class InfluxV2Writer : IInfluxWriter, IDisposable
{
    private readonly InfluxDBClient _client;
    private readonly WriteApiAsync _writeApi;
    private readonly StorageOptions _options;

    public InfluxV2Writer(StorageOptions options)
    {
        _options = options;
        _client = new InfluxDBClient(new InfluxDBClientOptions(options.Url)
        {
            Token = options.Token,
            Org = options.Org,
            Timeout = options.Timeout,
        });
        _writeApi = _client.GetWriteApiAsync();
    }

    public async Task<InfluxWriteOutcome> WriteAsync(string target, ReadOnlyMemory<byte> lines, CancellationToken cancellationToken)
    {
        // One record holding many lines: the client joins records with '\n' anyway, and this avoids a string per line.
        var record = Encoding.UTF8.GetString(lines.Span).TrimEnd('\n');
        try
        {
            await _writeApi.WriteRecordAsync(record, WritePrecision.Ns, target, _options.Org, cancellationToken).ConfigureAwait(false);
            return InfluxWriteOutcome.Accepted;
        }
        catch (HttpException e) when (e.Status is 400 or 413 or 422)
        {
            // 422: InfluxDB 2.x partial write ("field type conflict ... dropped=N"); 400: unparsable lines.
            return new InfluxWriteOutcome(e.Message);
        }
        catch (HttpException e) when (e.Status is 401 or 403)
        {
            throw new InfluxUnavailableException(InfluxFailure.Unauthorized, $"InfluxDB refused our token ({e.Status}).", e);
        }
        catch (HttpException e) when (e.Status == 404)
        {
            throw new InfluxUnavailableException(InfluxFailure.NotFound, "InfluxDB: " + e.Message, e);
        }
        catch (HttpException e)
        {
            throw new InfluxUnavailableException(InfluxFailure.ServerError, $"InfluxDB answered {e.Status}: {e.Message}", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InfluxUnavailableException(InfluxFailure.TimedOut, "InfluxDB did not answer in time.", e);
        }
        catch (HttpRequestException e)
        {
            throw new InfluxUnavailableException(InfluxFailure.Unreachable, "InfluxDB is unreachable: " + e.Message, e);
        }
    }

    /// <summary>Buckets are created by the InfluxDB administrator, not by the ingestion service.</summary>
    public Task PrepareAsync(string target, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _client.PingAsync().WaitAsync(_options.Timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public void Dispose() => _client.Dispose();
}
