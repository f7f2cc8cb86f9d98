using System.Text;

namespace IIoT.OpcUa.Cli;

/// <summary>Signal and machine names for the gateway: lower case, every character outside [a-z0-9_] becomes '_'.</summary>
internal static class SignalName
{
    public static string From(string browseName)
    {
        var text = new StringBuilder(browseName.Length);
        foreach (var ch in browseName.ToLowerInvariant())
        {
            text.Append(ch is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' ? ch : '_');
        }

        return text.ToString();
    }
}
