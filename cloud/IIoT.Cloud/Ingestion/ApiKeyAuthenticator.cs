using System.Security.Cryptography;
using System.Text;
using IIoT.Cloud.Configuration;
using IIoT.Cloud.Storage;
using IIoT.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace IIoT.Cloud.Ingestion;

/// <summary>
/// Maps an API key to its gateway and tenant. Only SHA-256 hashes of keys are kept; the presented key is
/// hashed and compared with every known hash in constant time, without an early exit.
/// </summary>
internal sealed class ApiKeyAuthenticator
{
    private const int MaxKeyLength = 512;
    private readonly (byte[] Hash, GatewayIdentity Identity)[] _keys;

    public ApiKeyAuthenticator(IOptions<CloudOptions> options)
    {
        var cloud = options.Value;
        var targets = cloud.Tenants.ToDictionary(t => t.Id, t => new StorageTarget(t.Id,
            (cloud.Storage.Kind == StorageKind.InfluxV1 ? t.Database : t.Bucket) ?? ""), StringComparer.Ordinal);
        _keys = cloud.Gateways
            .Select(g => (string.IsNullOrEmpty(g.ApiKey) ? Convert.FromHexString(g.ApiKeySha256!) : Hash(g.ApiKey),
                new GatewayIdentity(g.Id, targets[g.Tenant])))
            .ToArray();
    }

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>The key from X-Api-Key, or from "Authorization: Bearer"; null when neither is present.</summary>
    public static string? KeyFrom(HttpRequest request)
    {
        var apiKey = request.Headers[WireFormat.ApiKeyHeader];
        if (apiKey.Count == 1 && !string.IsNullOrEmpty(apiKey[0]))
        {
            return apiKey[0];
        }
        var authorization = request.Headers.Authorization;
        if (authorization.Count == 1 && authorization[0] is { } value && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return value["Bearer ".Length..].Trim();
        }
        return null;
    }

    public GatewayIdentity? Authenticate(string? key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > MaxKeyLength)
        {
            return null;
        }
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(key.Length)];
        SHA256.HashData(utf8[..Encoding.UTF8.GetBytes(key, utf8)], hash);
        GatewayIdentity? found = null;
        foreach (var (known, identity) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(known, hash))
            {
                found = identity;
            }
        }
        utf8.Clear();
        return found;
    }
}
