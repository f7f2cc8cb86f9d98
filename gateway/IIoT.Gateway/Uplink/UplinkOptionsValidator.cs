using Microsoft.Extensions.Options;

namespace IIoT.Gateway.Uplink;

/// <summary>Cross-field rules; every failure is reported at once.</summary>
internal sealed class UplinkOptionsValidator : IValidateOptions<UplinkOptions>
{
    public ValidateOptionsResult Validate(string? name, UplinkOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.Urls.Length; i++)
        {
            if (!Uri.TryCreate(options.Urls[i], UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                failures.Add($"Uplink:Urls:{i} '{options.Urls[i]}' is not an absolute http(s) URL.");
            }
        }
        if (options.CaFile is { Length: > 0 } ca && !File.Exists(ca))
        {
            failures.Add($"Uplink:CaFile '{ca}' does not exist.");
        }
        if (options.BatchInterval <= TimeSpan.Zero)
        {
            failures.Add("Uplink:BatchInterval must be positive.");
        }
        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            failures.Add("Uplink:RequestTimeout must be positive.");
        }
        if (options.MinBackoff <= TimeSpan.Zero || options.MaxBackoff < options.MinBackoff)
        {
            failures.Add("Uplink:MinBackoff must be positive and not larger than Uplink:MaxBackoff.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
