using Microsoft.Extensions.Options;

namespace IIoT.Gateway.Collection.OpcUa;

/// <summary>Checks the whole "OpcUa" section and reports every problem at once, before any server is dialled.</summary>
internal sealed class OpcUaOptionsValidator : IValidateOptions<OpcUaOptions>
{
    private static readonly string[] Deadbands = ["None", "Absolute", "Percent"];

    public ValidateOptionsResult Validate(string? name, OpcUaOptions options)
    {
        var failures = new List<string>();
        if (options.Endpoints.Count == 0)
        {
            failures.Add("OpcUa:Endpoints must name at least one endpoint.");
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Endpoints.Count; i++)
        {
            var endpoint = options.Endpoints[i];
            var path = $"OpcUa:Endpoints:{i}";
            ValidateEndpoint(failures, path, endpoint);
            if (!string.IsNullOrWhiteSpace(endpoint.Name) && !names.Add(endpoint.Name))
            {
                failures.Add($"{path}: the endpoint name '{endpoint.Name}' is used twice.");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateEndpoint(List<string> failures, string path, OpcUaEndpointOptions endpoint)
    {
        if (string.IsNullOrWhiteSpace(endpoint.Name))
        {
            failures.Add($"{path}:Name is required (it becomes the point source 'opcua:<Name>').");
        }
        if (!Uri.TryCreate(endpoint.Url, UriKind.Absolute, out var url) || url.Scheme != "opc.tcp" || string.IsNullOrEmpty(url.Host))
        {
            failures.Add($"{path}:Url '{endpoint.Url}' is not an opc.tcp://host:port URL.");
        }
        if (!string.IsNullOrEmpty(endpoint.UserName) && endpoint.Password is null)
        {
            failures.Add($"{path}:Password is required with UserName.");
        }
        if (endpoint.ReconnectMinDelay <= TimeSpan.Zero || endpoint.ReconnectMaxDelay < endpoint.ReconnectMinDelay)
        {
            failures.Add($"{path}: ReconnectMinDelay must be positive and at most ReconnectMaxDelay.");
        }
        if (endpoint.PublishRequestCount is < 1 or > 20)
        {
            failures.Add($"{path}:PublishRequestCount must be 1..20.");
        }
        if (endpoint.Groups.Count == 0)
        {
            failures.Add($"{path}:Groups must have at least one group.");
        }
        var groups = new HashSet<string>(StringComparer.Ordinal);
        for (var g = 0; g < endpoint.Groups.Count; g++)
        {
            var group = endpoint.Groups[g];
            var groupPath = $"{path}:Groups:{g}";
            if (!groups.Add(group.Name))
            {
                failures.Add($"{groupPath}: the group name '{group.Name}' is used twice.");
            }
            ValidateGroup(failures, groupPath, group);
        }
    }

    private static void ValidateGroup(List<string> failures, string path, OpcUaGroupOptions group)
    {
        if (group.Nodes.Count + group.BrowsePaths.Count + group.Folders.Count == 0)
        {
            failures.Add($"{path}: the group is empty (no Nodes, BrowsePaths or Folders).");
        }
        if (group.SamplingInterval < TimeSpan.Zero)
        {
            failures.Add($"{path}:SamplingInterval must not be negative.");
        }
        if (group.PublishingInterval <= TimeSpan.Zero)
        {
            failures.Add($"{path}:PublishingInterval must be positive.");
        }
        if (group.QueueSize == 0)
        {
            failures.Add($"{path}:QueueSize must be at least 1.");
        }
        if (!Deadbands.Contains(group.DeadbandType, StringComparer.Ordinal))
        {
            failures.Add($"{path}:DeadbandType '{group.DeadbandType}' must be None, Absolute or Percent.");
        }
        else if (!double.IsFinite(group.DeadbandValue) || group.DeadbandValue < 0
            || (group.DeadbandType == "Percent" && group.DeadbandValue > 100)
            || (group.DeadbandType != "None" && group.DeadbandValue == 0))
        {
            failures.Add($"{path}:DeadbandValue {group.DeadbandValue} does not fit DeadbandType {group.DeadbandType} (Absolute > 0, Percent 0..100, None 0).");
        }
        for (var i = 0; i < group.Nodes.Count; i++)
        {
            if (!OpcUaNames.TryParseNodeId(group.Nodes[i].NodeId, out _))
            {
                failures.Add($"{path}:Nodes:{i}:NodeId '{group.Nodes[i].NodeId}' is not a NodeId (nsu=<uri>;s=... or ns=<index>;s=...).");
            }
        }
        for (var i = 0; i < group.BrowsePaths.Count; i++)
        {
            var browsePath = group.BrowsePaths[i];
            if (!OpcUaNames.TryParseNodeId(browsePath.StartNode, out _))
            {
                failures.Add($"{path}:BrowsePaths:{i}:StartNode '{browsePath.StartNode}' is not a NodeId.");
            }
            if (!OpcUaNames.TryParseBrowsePath(browsePath.Path, out _, out var error))
            {
                failures.Add($"{path}:BrowsePaths:{i}:Path '{browsePath.Path}': {error}.");
            }
        }
        for (var i = 0; i < group.Folders.Count; i++)
        {
            var folder = group.Folders[i];
            if (!OpcUaNames.TryParseNodeId(folder.Root, out _))
            {
                failures.Add($"{path}:Folders:{i}:Root '{folder.Root}' is not a NodeId.");
            }
            if (folder.MaxDepth is < 1 or > 20)
            {
                failures.Add($"{path}:Folders:{i}:MaxDepth must be 1..20.");
            }
            if (folder.MachineLevel < 0 || folder.MachineLevel > folder.MaxDepth)
            {
                failures.Add($"{path}:Folders:{i}:MachineLevel must be 0..MaxDepth.");
            }
        }
    }
}
