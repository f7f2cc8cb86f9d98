using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace IIoT.Testing;

/// <summary>A real influxd 1.x (Debian package influxdb) on loopback, with its own folder and ports.</summary>
public sealed class InfluxdServer : IAsyncDisposable
{
    private readonly TempFolder _folder = new("influxd");
    private readonly int _rpcPort = FreePort.Next();
    private ManagedProcess? _process;

    private InfluxdServer()
    {
        Port = FreePort.Next();
        Http = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(30) };
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public HttpClient Http { get; }

    public ManagedProcess Process => _process ?? throw new InvalidOperationException("influxd is not running.");

    public static async Task<InfluxdServer> StartAsync()
    {
        var server = new InfluxdServer();
        await server.StartProcessAsync().ConfigureAwait(false);
        return server;
    }

    /// <summary>Starts influxd again on the same port and data after <see cref="KillAsync"/>.</summary>
    public async Task StartProcessAsync()
    {
        var config = _folder.Combine("influxdb.conf");
        await File.WriteAllTextAsync(config, $"""
            reporting-disabled = true
            bind-address = "127.0.0.1:{_rpcPort}"
            [meta]
              dir = "{_folder.Combine("meta")}"
            [data]
              dir = "{_folder.Combine("data")}"
              wal-dir = "{_folder.Combine("wal")}"
              query-log-enabled = false
            [http]
              bind-address = "127.0.0.1:{Port}"
              log-enabled = false
            [monitor]
              store-enabled = false
            [continuous_queries]
              enabled = false
            """).ConfigureAwait(false);
        _process = ManagedProcess.Start("influxd", Executables.Require("influxd", "influxdb"), ["-config", config]);
        await Wait.UntilAsync(async () =>
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException("influxd exited: " + _process.Output);
            }
            using var response = await Http.GetAsync("/ping").ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.NoContent;
        }, TimeSpan.FromSeconds(30), "influxd to answer /ping").ConfigureAwait(false);
    }

    public async Task KillAsync()
    {
        if (_process is not null)
        {
            await _process.KillAsync().ConfigureAwait(false);
        }
    }

    public async Task CreateDatabaseAsync(string database)
    {
        await QueryAsync(null, $"CREATE DATABASE \"{database}\"", post: true).ConfigureAwait(false);
    }

    /// <summary>Runs InfluxQL and returns the "results" array of the JSON answer.</summary>
    public async Task<JsonElement> QueryAsync(string? database, string influxQl, bool post = false)
    {
        var query = $"/query?epoch=ns&q={Uri.EscapeDataString(influxQl)}" + (database is null ? "" : $"&db={Uri.EscapeDataString(database)}");
        using var response = post ? await Http.PostAsync(query, null).ConfigureAwait(false) : await Http.GetAsync(query).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var document = await response.Content.ReadFromJsonAsync<JsonElement>().ConfigureAwait(false);
        return document.GetProperty("results");
    }

    /// <summary>All rows of one query as (column -> value) dictionaries; empty when there is no series.</summary>
    public async Task<List<Dictionary<string, JsonElement>>> RowsAsync(string database, string influxQl)
    {
        var rows = new List<Dictionary<string, JsonElement>>();
        var results = await QueryAsync(database, influxQl).ConfigureAwait(false);
        foreach (var result in results.EnumerateArray())
        {
            if (result.TryGetProperty("error", out var error))
            {
                throw new InvalidOperationException("InfluxQL error: " + error.GetString());
            }
            if (!result.TryGetProperty("series", out var series))
            {
                continue;
            }
            foreach (var serie in series.EnumerateArray())
            {
                var columns = serie.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToArray();
                var tags = serie.TryGetProperty("tags", out var t) ? t.EnumerateObject().ToList() : [];
                foreach (var values in serie.GetProperty("values").EnumerateArray())
                {
                    var row = new Dictionary<string, JsonElement>();
                    var i = 0;
                    foreach (var value in values.EnumerateArray())
                    {
                        row[columns[i++]] = value.Clone();
                    }
                    foreach (var tag in tags)
                    {
                        row[tag.Name] = tag.Value.Clone();
                    }
                    if (serie.TryGetProperty("name", out var name))
                    {
                        row["_measurement"] = name.Clone();
                    }
                    rows.Add(row);
                }
            }
        }
        return rows;
    }

    /// <summary>
    /// count(field) over the measurements of a database (iiot_loss excluded unless named). A query across
    /// measurements resolves a field to one type, so numbers, strings and booleans are counted apart.
    /// </summary>
    public async Task<long> CountAsync(string database, string measurementRegex = "/.*/", string field = "value")
    {
        long total = 0;
        foreach (var type in FieldTypes)
        {
            var rows = await RowsAsync(database, $"SELECT count(\"{field}\"::{type}) FROM {measurementRegex}").ConfigureAwait(false);
            total += rows
                .Where(r => measurementRegex != "/.*/" || r["_measurement"].GetString() != "iiot_loss")
                .Sum(r => r.TryGetValue("count", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetInt64() : 0);
        }
        return total;
    }

    /// <summary>Every stored value of one field as rows, whatever its type (integers come back as numbers).</summary>
    public async Task<List<Dictionary<string, JsonElement>>> ValuesAsync(string database, string groupBy, string field = "value")
    {
        var rows = new List<Dictionary<string, JsonElement>>();
        foreach (var type in FieldTypes)
        {
            rows.AddRange(await RowsAsync(database, $"SELECT \"{field}\"::{type} FROM /.*/ GROUP BY \"{groupBy}\"").ConfigureAwait(false));
        }
        return rows;
    }

    // ::float also returns integer fields.
    private static readonly string[] FieldTypes = ["float", "string", "boolean"];

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (_process is not null)
        {
            await _process.DisposeAsync().ConfigureAwait(false);
        }
        _folder.Dispose();
    }
}
