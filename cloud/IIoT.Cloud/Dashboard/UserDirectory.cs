using System.Security.Cryptography;
using System.Text;
using IIoT.Cloud.Configuration;
using Microsoft.Extensions.Options;

namespace IIoT.Cloud.Dashboard;

/// <summary>
/// Checks dashboard passwords. Only SHA-256 hashes are kept; the presented password is hashed and compared in
/// constant time, and an unknown user name costs the same work as a known one so that timing does not tell
/// which names exist.
/// </summary>
internal sealed class UserDirectory
{
    private const int MaxPasswordLength = 1024;
    private static readonly byte[] Decoy = SHA256.HashData("no such user"u8);
    private readonly Dictionary<string, (string Name, string Tenant, byte[] Hash)> _users;

    public UserDirectory(IOptions<CloudOptions> options)
    {
        _users = options.Value.Users.ToDictionary(
            u => u.Name,
            u => (u.Name, u.Tenant, string.IsNullOrEmpty(u.Password) ? Convert.FromHexString(u.PasswordSha256!) : Hash(u.Password)),
            StringComparer.OrdinalIgnoreCase);
    }

    public static byte[] Hash(string password) => SHA256.HashData(Encoding.UTF8.GetBytes(password));

    /// <summary>The user's configured name and tenant when <paramref name="password"/> is theirs; otherwise null.</summary>
    public (string Name, string Tenant)? Verify(string? name, string? password)
    {
        if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(password) || password.Length > MaxPasswordLength)
        {
            return null;
        }
        var known = _users.TryGetValue(name, out var user);
        var presented = Hash(password);
        var match = CryptographicOperations.FixedTimeEquals(known ? user.Hash : Decoy, presented);
        return known && match ? (user.Name, user.Tenant) : null;
    }
}
