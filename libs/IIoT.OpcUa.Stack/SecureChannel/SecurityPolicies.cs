namespace IIoT.OpcUa.Stack.SecureChannel;

/// <summary>Security policy URIs (OPC 10000-7). Only None is implemented; the others are later seams.</summary>
public static class SecurityPolicies
{
    public const string None = "http://opcfoundation.org/UA/SecurityPolicy#None";
}
