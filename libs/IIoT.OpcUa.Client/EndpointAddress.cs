namespace IIoT.OpcUa.Client;

/// <summary>Host and port of an opc.tcp URL (OPC 10000-6 §7.2: opc.tcp://host[:port][/path], default port 4840).</summary>
internal readonly record struct EndpointAddress(string Host, int Port)
{
    public const int DefaultPort = 4840;

    public static EndpointAddress Parse(string url)
    {
        if (!TryParse(url, out var address))
        {
            throw new ArgumentException($"'{url}' is not an opc.tcp://host:port URL.", nameof(url));
        }

        return address;
    }

    public static bool TryParse(string? url, out EndpointAddress address)
    {
        address = default;
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || !string.Equals(uri.Scheme, "opc.tcp", StringComparison.OrdinalIgnoreCase) || string.IsNullOrEmpty(uri.Host))
        {
            return false;
        }

        address = new EndpointAddress(uri.Host, uri.Port > 0 ? uri.Port : DefaultPort);
        return true;
    }
}
