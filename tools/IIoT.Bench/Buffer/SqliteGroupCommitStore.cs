using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace IIoT.Bench.Buffer;

/// <summary>
/// The peer: SQLite in WAL mode with synchronous=FULL, fed the same way as the durable buffer: one writer loop
/// gathers every pending batch into one transaction (one commit = one fsync of the WAL) and then completes them.
/// </summary>
internal sealed class SqliteGroupCommitStore : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Channel<(ReadOnlyMemory<byte>[] Batch, TaskCompletionSource Done)> _channel =
        Channel.CreateUnbounded<(ReadOnlyMemory<byte>[], TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private long _nextId;

    public SqliteGroupCommitStore(string path)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL;");
        Execute("PRAGMA synchronous=FULL;");
        Execute("CREATE TABLE IF NOT EXISTS records (id INTEGER PRIMARY KEY, appended INTEGER NOT NULL, payload BLOB NOT NULL);");
        _loop = Task.Run(RunAsync);
    }

    public ValueTask AppendAsync(ReadOnlyMemory<byte>[] batch)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _channel.Writer.TryWrite((batch, done));
        return new ValueTask(done.Task);
    }

    private async Task RunAsync()
    {
        using var insert = _connection.CreateCommand();
        insert.CommandText = "INSERT INTO records (id, appended, payload) VALUES ($id, $t, $p);";
        var id = insert.Parameters.Add("$id", SqliteType.Integer);
        var time = insert.Parameters.Add("$t", SqliteType.Integer);
        var payload = insert.Parameters.Add("$p", SqliteType.Blob);
        var pending = new List<TaskCompletionSource>();
        while (await _channel.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            using (var transaction = _connection.BeginTransaction())
            {
                insert.Transaction = transaction;
                var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                while (_channel.Reader.TryRead(out var item))
                {
                    foreach (var record in item.Batch)
                    {
                        id.Value = _nextId++;
                        time.Value = now;
                        payload.Value = record.ToArray();
                        insert.ExecuteNonQuery();
                    }
                    pending.Add(item.Done);
                }
                transaction.Commit();
            }
            foreach (var done in pending)
            {
                done.TrySetResult();
            }
            pending.Clear();
        }
    }

    /// <summary>Reads up to <paramref name="max"/> rows from <paramref name="fromId"/> and deletes them (the "ack"), as a forwarder would.</summary>
    public (long Rows, long NextId) ReadAndDelete(long fromId, int max)
    {
        long rows = 0;
        var next = fromId;
        using (var select = _connection.CreateCommand())
        {
            select.CommandText = "SELECT id, payload FROM records WHERE id >= $from ORDER BY id LIMIT $max;";
            select.Parameters.AddWithValue("$from", fromId);
            select.Parameters.AddWithValue("$max", max);
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                next = reader.GetInt64(0) + 1;
                _ = (byte[])reader.GetValue(1);
                rows++;
            }
        }
        using (var delete = _connection.CreateCommand())
        {
            delete.CommandText = "DELETE FROM records WHERE id < $next;";
            delete.Parameters.AddWithValue("$next", next);
            delete.ExecuteNonQuery();
        }
        return (rows, next);
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
    }
}
