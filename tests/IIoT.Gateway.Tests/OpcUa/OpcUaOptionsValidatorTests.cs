using IIoT.Gateway.Collection.OpcUa;
using Xunit;

namespace IIoT.Gateway.Tests.OpcUa;

public sealed class OpcUaOptionsValidatorTests
{
    [Fact]
    public void Every_problem_is_listed_at_once()
    {
        var options = new OpcUaOptions
        {
            Endpoints =
            [
                new OpcUaEndpointOptions
                {
                    Name = "line1",
                    Url = "http://127.0.0.1:4840",
                    Groups =
                    [
                        new OpcUaGroupOptions { Name = "empty" },
                        new OpcUaGroupOptions
                        {
                            Name = "bad",
                            DeadbandType = "Percent",
                            DeadbandValue = 150,
                            Nodes = [new OpcUaNodeOptions { NodeId = "nsu=urn:x;q=what" }],
                            BrowsePaths = [new OpcUaBrowsePathOptions { Path = "/2:a//2:b" }],
                            Folders = [new OpcUaFolderOptions { Root = "i=85", MaxDepth = 0 }],
                        },
                    ],
                },
                new OpcUaEndpointOptions { Name = "line1", Url = "opc.tcp://127.0.0.1:4841" },
            ],
        };

        var result = new OpcUaOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Contains(failures, f => f.Contains("Endpoints:0:Url", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Groups:0: the group is empty", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("DeadbandValue 150", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Nodes:0:NodeId 'nsu=urn:x;q=what'", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("BrowsePaths:0:Path", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Folders:0:MaxDepth", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("Endpoints:1:Groups must have", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("'line1' is used twice", StringComparison.Ordinal));
    }

    [Fact]
    public void The_documented_example_is_valid()
    {
        var options = new OpcUaOptions
        {
            Endpoints =
            [
                new OpcUaEndpointOptions
                {
                    Name = "line1",
                    Url = "opc.tcp://127.0.0.1:4840",
                    Groups =
                    [
                        new OpcUaGroupOptions
                        {
                            Nodes = [new OpcUaNodeOptions { NodeId = "nsu=urn:iiot:sim:line1;s=plant1.assembly.line1.m01.temperature", Machine = "m01" }],
                            BrowsePaths = [new OpcUaBrowsePathOptions { StartNode = "i=85", Path = "/2:plant1/2:line1/2:m01/2:temperature" }],
                            Folders = [new OpcUaFolderOptions { Root = "nsu=urn:iiot:sim:line1;s=plant1.assembly.line1", MaxDepth = 5, Include = "*", MachineLevel = 1 }],
                        },
                    ],
                },
            ],
        };

        Assert.True(new OpcUaOptionsValidator().Validate(null, options).Succeeded);
    }
}
