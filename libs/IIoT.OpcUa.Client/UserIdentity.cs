namespace IIoT.OpcUa.Client;

/// <summary>Who the session acts as: anonymous, or a user name and password (OPC 10000-4 §7.41).</summary>
public sealed class UserIdentity
{
    private UserIdentity(string? userName, string? password)
    {
        UserName = userName;
        Password = password;
    }

    public static UserIdentity Anonymous { get; } = new(null, null);

    /// <summary>
    /// User name login. On a SecurityPolicy None channel the password travels in clear text, so only a server token
    /// policy without its own security policy is accepted (the server must allow unsecured passwords).
    /// </summary>
    public static UserIdentity FromUserName(string userName, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(userName);
        ArgumentNullException.ThrowIfNull(password);
        return new UserIdentity(userName, password);
    }

    public string? UserName { get; }

    internal string? Password { get; }

    public bool IsAnonymous => UserName is null;

    // Never the password.
    public override string ToString() => IsAnonymous ? "anonymous" : $"user '{UserName}'";
}
