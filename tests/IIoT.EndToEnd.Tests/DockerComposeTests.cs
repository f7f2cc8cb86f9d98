using IIoT.Testing;

namespace IIoT.EndToEnd.Tests;

/// <summary>No Docker engine runs here; docker-compose can still check the file and what it refers to.</summary>
public sealed class DockerComposeTests
{
    [Fact(Timeout = 60_000)]
    public async Task Docker_compose_file_is_valid_and_names_every_service()
    {
        await using var compose = ManagedProcess.Start("docker-compose", Executables.Require("docker-compose", "docker-compose"),
            ["-f", Path.Combine(RepoPaths.Root, "docker-compose.yml"), "config"]);
        await compose.WaitForExitAsync();
        Assert.True(compose.ExitCode == 0, compose.Output);
        foreach (var service in new[] { "influxdb:", "mosquitto:", "cloud:", "gateway:", "simulators:" })
        {
            Assert.Contains(service, compose.Output);
        }
        foreach (var dockerfile in new[] { "cloud/IIoT.Cloud/Dockerfile", "gateway/IIoT.Gateway/Dockerfile", "simulators/IIoT.Simulators/Dockerfile" })
        {
            Assert.True(File.Exists(Path.Combine(RepoPaths.Root, dockerfile)), dockerfile + " is missing");
        }
    }
}
