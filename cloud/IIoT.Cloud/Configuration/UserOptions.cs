namespace IIoT.Cloud.Configuration;

/// <summary>A dashboard user (Cloud:Users): signs in with name and password and sees one tenant's data.</summary>
public sealed class UserOptions
{
    public string Name { get; set; } = "";

    public string Tenant { get; set; } = "";

    /// <summary>The password in clear text (development only); prefer <see cref="PasswordSha256"/>.</summary>
    public string? Password { get; set; }

    /// <summary>Hex SHA-256 of the UTF-8 password, so the configuration does not hold the secret.</summary>
    public string? PasswordSha256 { get; set; }
}
