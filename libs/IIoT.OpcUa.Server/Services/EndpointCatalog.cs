using IIoT.OpcUa.Stack.SecureChannel;
using IIoT.OpcUa.Types;
using IIoT.OpcUa.Types.Structures;

namespace IIoT.OpcUa.Server;

/// <summary>
/// The one endpoint this server offers (SecurityPolicy None, mode None, UA-TCP binary) with its user token policies,
/// as GetEndpoints, FindServers and CreateSession describe it.
/// </summary>
internal sealed class EndpointCatalog
{
    public const string TransportProfileUri = "http://opcfoundation.org/UA-Profile/Transport/uatcp-uasc-uabinary";

    public const string AnonymousPolicyId = "anonymous";

    public const string UserNamePolicyId = "username";

    public EndpointCatalog(OpcUaServerOptions options, string endpointUrl)
    {
        EndpointUrl = endpointUrl;
        Application = new ApplicationDescription
        {
            ApplicationUri = options.ApplicationUri,
            ProductUri = options.ProductUri,
            ApplicationName = new LocalizedText(null, options.ApplicationName),
            ApplicationType = ApplicationType.Server,
            DiscoveryUrls = [endpointUrl],
        };
        var policies = new List<UserTokenPolicy>();
        if (options.AllowAnonymous)
        {
            policies.Add(new UserTokenPolicy { PolicyId = AnonymousPolicyId, TokenType = UserTokenType.Anonymous });
        }

        if (options.Users.Count > 0)
        {
            // The password travels as plain UTF-8 inside a channel without security: SecurityPolicy None on the token.
            policies.Add(new UserTokenPolicy { PolicyId = UserNamePolicyId, TokenType = UserTokenType.UserName, SecurityPolicyUri = SecurityPolicies.None });
        }

        Endpoint = new EndpointDescription
        {
            EndpointUrl = endpointUrl,
            Server = Application,
            SecurityMode = MessageSecurityMode.None,
            SecurityPolicyUri = SecurityPolicies.None,
            UserIdentityTokens = [.. policies],
            TransportProfileUri = TransportProfileUri,
            SecurityLevel = 0,
        };
    }

    public string EndpointUrl { get; }

    public ApplicationDescription Application { get; }

    public EndpointDescription Endpoint { get; }
}
