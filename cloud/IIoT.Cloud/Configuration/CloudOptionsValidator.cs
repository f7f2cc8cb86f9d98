using Microsoft.Extensions.Options;

namespace IIoT.Cloud.Configuration;

/// <summary>Cross-field rules; reports every problem at once so one start shows the whole list.</summary>
internal sealed class CloudOptionsValidator : IValidateOptions<CloudOptions>
{
    private const int MinApiKeyLength = 16;

    public ValidateOptionsResult Validate(string? name, CloudOptions options)
    {
        var errors = new List<string>();
        ValidateStorage(options.Storage, errors);
        var tenants = ValidateTenants(options, errors);
        ValidateGateways(options.Gateways, tenants, errors);
        ValidateLimits(options.Limits, errors);
        ValidateUsers(options.Users, tenants, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateStorage(StorageOptions storage, List<string> errors)
    {
        if (!Uri.TryCreate(storage.Url, UriKind.Absolute, out var url) || (url.Scheme != "http" && url.Scheme != "https"))
        {
            errors.Add("Cloud:Storage:Url must be an absolute http(s) URL.");
        }
        if (storage.Timeout <= TimeSpan.Zero)
        {
            errors.Add("Cloud:Storage:Timeout must be positive.");
        }
        if (storage.Kind == StorageKind.InfluxV2)
        {
            if (string.IsNullOrEmpty(storage.Token))
            {
                errors.Add("Cloud:Storage:Token is required for InfluxV2.");
            }
            if (string.IsNullOrEmpty(storage.Org))
            {
                errors.Add("Cloud:Storage:Org is required for InfluxV2.");
            }
        }
        if (string.IsNullOrEmpty(storage.UserName) != string.IsNullOrEmpty(storage.Password))
        {
            errors.Add("Cloud:Storage:UserName and Password must be given together.");
        }
    }

    private static HashSet<string> ValidateTenants(CloudOptions options, List<string> errors)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var targets = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Tenants.Count; i++)
        {
            var tenant = options.Tenants[i];
            if (string.IsNullOrWhiteSpace(tenant.Id))
            {
                errors.Add($"Cloud:Tenants:{i}:Id is required.");
            }
            else if (!ids.Add(tenant.Id))
            {
                errors.Add($"Cloud:Tenants:{i}:Id '{tenant.Id}' is used twice.");
            }
            var target = options.Storage.Kind == StorageKind.InfluxV1 ? tenant.Database : tenant.Bucket;
            var field = options.Storage.Kind == StorageKind.InfluxV1 ? "Database" : "Bucket";
            if (string.IsNullOrWhiteSpace(target))
            {
                errors.Add($"Cloud:Tenants:{i}:{field} is required for {options.Storage.Kind}.");
            }
            else if (!targets.Add(target))
            {
                // Two tenants sharing one database would see each other's data.
                errors.Add($"Cloud:Tenants:{i}:{field} '{target}' belongs to another tenant too.");
            }
        }
        return ids;
    }

    private static void ValidateGateways(List<GatewayOptions> gateways, HashSet<string> tenants, List<string> errors)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < gateways.Count; i++)
        {
            var gateway = gateways[i];
            if (string.IsNullOrWhiteSpace(gateway.Id))
            {
                errors.Add($"Cloud:Gateways:{i}:Id is required.");
            }
            else if (!ids.Add(gateway.Id))
            {
                errors.Add($"Cloud:Gateways:{i}:Id '{gateway.Id}' is used twice.");
            }
            else if (Ingestion.PointValidator.CheckName(gateway.Id) is { } problem)
            {
                errors.Add($"Cloud:Gateways:{i}:Id {problem}.");
            }
            if (!tenants.Contains(gateway.Tenant))
            {
                errors.Add($"Cloud:Gateways:{i}:Tenant '{gateway.Tenant}' is not a configured tenant.");
            }
            var hasKey = !string.IsNullOrEmpty(gateway.ApiKey);
            var hasHash = !string.IsNullOrEmpty(gateway.ApiKeySha256);
            if (hasKey == hasHash)
            {
                errors.Add($"Cloud:Gateways:{i}: exactly one of ApiKey and ApiKeySha256 is required.");
                continue;
            }
            if (hasKey && gateway.ApiKey!.Length < MinApiKeyLength)
            {
                errors.Add($"Cloud:Gateways:{i}:ApiKey must be at least {MinApiKeyLength} characters.");
            }
            if (hasHash && (gateway.ApiKeySha256!.Length != 64 || !IsHex(gateway.ApiKeySha256)))
            {
                errors.Add($"Cloud:Gateways:{i}:ApiKeySha256 must be 64 hex digits.");
            }
            var hash = hasKey ? Convert.ToHexString(Ingestion.ApiKeyAuthenticator.Hash(gateway.ApiKey!)) : gateway.ApiKeySha256!;
            if (!keys.Add(hash))
            {
                errors.Add($"Cloud:Gateways:{i}: its API key is also the key of another gateway.");
            }
        }
    }

    private static void ValidateLimits(LimitsOptions limits, List<string> errors)
    {
        if (limits.MaxCompressedBytes <= 0)
        {
            errors.Add("Cloud:Limits:MaxCompressedBytes must be positive.");
        }
        if (limits.MaxDecompressedBytes < limits.MaxCompressedBytes)
        {
            errors.Add("Cloud:Limits:MaxDecompressedBytes must be at least MaxCompressedBytes.");
        }
        if (limits.MaxPointsPerBatch <= 0)
        {
            errors.Add("Cloud:Limits:MaxPointsPerBatch must be positive.");
        }
        if (limits.MaxFutureSkew < TimeSpan.Zero || limits.MaxPastAge <= TimeSpan.Zero)
        {
            errors.Add("Cloud:Limits:MaxFutureSkew must not be negative and MaxPastAge must be positive.");
        }
        if (limits.MaxConcurrentRequestsPerGateway <= 0)
        {
            errors.Add("Cloud:Limits:MaxConcurrentRequestsPerGateway must be positive.");
        }
        if (limits.MaxAuthFailuresPerMinute <= 0)
        {
            errors.Add("Cloud:Limits:MaxAuthFailuresPerMinute must be positive.");
        }
    }

    private static void ValidateUsers(List<UserOptions> users, HashSet<string> tenants, List<string> errors)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < users.Count; i++)
        {
            var user = users[i];
            if (string.IsNullOrWhiteSpace(user.Name))
            {
                errors.Add($"Cloud:Users:{i}:Name is required.");
            }
            else if (!names.Add(user.Name))
            {
                // Names are matched case-insensitively at login, so two spellings would be one account.
                errors.Add($"Cloud:Users:{i}:Name '{user.Name}' is used twice.");
            }
            if (!tenants.Contains(user.Tenant))
            {
                errors.Add($"Cloud:Users:{i}:Tenant '{user.Tenant}' is not a configured tenant.");
            }
            var hasPassword = !string.IsNullOrEmpty(user.Password);
            var hasHash = !string.IsNullOrEmpty(user.PasswordSha256);
            if (hasPassword == hasHash)
            {
                errors.Add($"Cloud:Users:{i}: exactly one of Password and PasswordSha256 is required.");
            }
            else if (hasHash && (user.PasswordSha256!.Length != 64 || !IsHex(user.PasswordSha256)))
            {
                errors.Add($"Cloud:Users:{i}:PasswordSha256 must be 64 hex digits.");
            }
        }
    }

    private static bool IsHex(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }
        return true;
    }
}
