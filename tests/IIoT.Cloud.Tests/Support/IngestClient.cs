using System.IO.Compression;
using System.Net.Http.Headers;
using Google.Protobuf;
using IIoT.Contracts;
using IIoT.Contracts.V1;
using WireFormat = IIoT.Contracts.WireFormat;

namespace IIoT.Cloud.Tests.Support;

/// <summary>Posts batches the way a gateway does.</summary>
public sealed class IngestClient : IDisposable
{
    public IngestClient(string baseUrl)
        : this(new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) })
    {
    }

    /// <summary>Takes ownership of <paramref name="http"/>, which must have its BaseAddress set.</summary>
    public IngestClient(HttpClient http) => Http = http;

    public HttpClient Http { get; }

    public static byte[] Gzip(byte[] data, CompressionLevel level = CompressionLevel.Fastest)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, level))
        {
            gzip.Write(data);
        }
        return output.ToArray();
    }

    public Task<HttpResponseMessage> PostAsync(Batch batch, string? apiKey, bool gzip = true, bool bearer = false) =>
        PostRawAsync(gzip ? Gzip(batch.ToByteArray()) : batch.ToByteArray(), apiKey, gzip,
            batch.GatewayId.Length == 0 ? null : $"{batch.GatewayId}:{batch.Sequence}", bearer);

    public async Task<HttpResponseMessage> PostRawAsync(byte[] body, string? apiKey, bool gzip, string? idempotencyKey = null, bool bearer = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, WireFormat.BatchesPath) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(WireFormat.ProtobufContentType);
        if (gzip)
        {
            request.Content.Headers.ContentEncoding.Add("gzip");
        }
        if (apiKey is not null)
        {
            if (bearer)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
            }
            else
            {
                request.Headers.Add(WireFormat.ApiKeyHeader, apiKey);
            }
        }
        if (idempotencyKey is not null)
        {
            request.Headers.Add(WireFormat.IdempotencyKeyHeader, idempotencyKey);
        }
        return await Http.SendAsync(request).ConfigureAwait(false);
    }

    /// <summary>Posts and expects 200 with a BatchResult.</summary>
    public async Task<BatchResult> StoreAsync(Batch batch, string apiKey)
    {
        using var response = await PostAsync(batch, apiKey).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
        }
        Assert.Equal(WireFormat.ProtobufContentType, response.Content.Headers.ContentType?.MediaType);
        return BatchResult.Parser.ParseFrom(body);
    }

    public void Dispose() => Http.Dispose();
}
