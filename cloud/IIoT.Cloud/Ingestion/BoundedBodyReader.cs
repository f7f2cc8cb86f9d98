using System.Buffers;
using System.IO.Compression;

namespace IIoT.Cloud.Ingestion;

/// <summary>
/// Reads a request body, gunzipping it on the way, into a pooled buffer that never grows past the limit:
/// a gzip bomb is cut off at limit + 1 bytes (API-04, aspnetcore #61723) instead of being inflated whole.
/// The compressed size is bounded by Kestrel's MaxRequestBodySize.
/// </summary>
internal static class BoundedBodyReader
{
    private const int InitialSize = 64 * 1024;

    /// <exception cref="PayloadTooLargeException">More than <paramref name="maxBytes"/> bytes.</exception>
    /// <exception cref="InvalidDataException">Not valid gzip.</exception>
    public static async Task<PooledBytes> ReadAsync(Stream body, bool gzip, int maxBytes, long? contentLength, CancellationToken cancellationToken)
    {
        var source = gzip ? new GZipStream(body, CompressionMode.Decompress, leaveOpen: true) : body;
        var initial = gzip || contentLength is null ? InitialSize : (int)Math.Min(contentLength.Value + 1, maxBytes + 1L);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initial, 1));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > maxBytes)
                    {
                        throw new PayloadTooLargeException($"The {(gzip ? "decompressed " : "")}body exceeds {maxBytes} bytes.");
                    }
                    var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min(buffer.Length * 2L, maxBytes + 1L));
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
                var read = await source.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }
                length += read;
                if (length > maxBytes)
                {
                    throw new PayloadTooLargeException($"The {(gzip ? "decompressed " : "")}body exceeds {maxBytes} bytes.");
                }
            }
            var result = new PooledBytes(buffer, length);
            buffer = null;
            return result;
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
            if (gzip)
            {
                await source.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
