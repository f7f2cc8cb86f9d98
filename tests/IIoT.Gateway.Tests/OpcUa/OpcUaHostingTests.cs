using System.Text;
using IIoT.Gateway.Collection.OpcUa;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Xunit;

namespace IIoT.Gateway.Tests.OpcUa;

/// <summary>Section "OpcUa" as the CLI tool writes it binds, validates and hosts one source per endpoint.</summary>
public sealed class OpcUaHostingTests
{
    private const string Example = """
        { "OpcUa": { "Endpoints": [ {
            "Name": "line1", "Url": "opc.tcp://127.0.0.1:4840", "UserName": null, "Password": null,
            "Site": "plant1", "Area": "assembly", "Line": "line1",
            "Groups": [ {
              "Name": "default", "SamplingInterval": "00:00:01", "PublishingInterval": "00:00:02", "QueueSize": 10,
              "DeadbandType": "Absolute", "DeadbandValue": 0.5,
              "Nodes": [ { "NodeId": "nsu=urn:iiot:sim:line1;s=plant1.assembly.line1.m01.temperature", "Machine": "m01", "Signal": "temperature_c", "Unit": "degC" } ],
              "BrowsePaths": [ { "StartNode": "i=85", "Path": "/2:plant1/2:line1/2:m01/2:temperature", "Machine": "m01", "Signal": "temperature_c" } ],
              "Folders": [ { "Root": "nsu=urn:iiot:sim:line1;s=plant1.assembly.line1", "MaxDepth": 5, "Include": "*", "Exclude": "", "MachineLevel": 1 } ]
            } ] } ] } }
        """;

    [Fact]
    public void The_documented_section_binds_and_hosts_one_source_per_endpoint()
    {
        using var provider = Build(Example);

        var options = provider.GetRequiredService<IOptions<OpcUaOptions>>().Value;
        var endpoint = Assert.Single(options.Endpoints);
        var group = Assert.Single(endpoint.Groups);
        Assert.Equal(TimeSpan.FromSeconds(2), group.PublishingInterval);
        Assert.Equal(0.5, group.DeadbandValue);
        Assert.Equal("degC", Assert.Single(group.Nodes).Unit);
        Assert.Equal(1, Assert.Single(group.Folders).MachineLevel);
        Assert.Single(provider.GetServices<IHostedService>().OfType<OpcUaSourceService>());
    }

    [Fact]
    public void A_bad_section_fails_with_every_problem()
    {
        using var provider = Build(Example.Replace("opc.tcp://127.0.0.1:4840", "tcp:/nowhere", StringComparison.Ordinal)
            .Replace("\"Absolute\"", "\"Sometimes\"", StringComparison.Ordinal));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<OpcUaOptions>>().Value);
        Assert.Contains(error.Failures, f => f.Contains("Url 'tcp:/nowhere'", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("DeadbandType 'Sometimes'", StringComparison.Ordinal));
    }

    private static ServiceProvider Build(string json)
    {
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
        return new ServiceCollection().AddOpcUaCollection(configuration).BuildServiceProvider();
    }
}
