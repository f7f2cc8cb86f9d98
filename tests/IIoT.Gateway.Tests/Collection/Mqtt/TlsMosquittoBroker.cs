using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using IIoT.Testing;

namespace IIoT.Gateway.Tests.Collection.Mqtt;

/// <summary>
/// A real mosquitto with a TLS listener (certificate for "localhost" from a CA made here) and a plain listener for
/// the test publisher, both requiring a user name and password.
/// </summary>
internal sealed class TlsMosquittoBroker : IAsyncDisposable
{
    public const string UserName = "gateway";
    public const string Password = "s3cret-Pa55";

    private readonly TempFolder _folder = new("mosquitto-tls");
    private ManagedProcess? _process;

    public int TlsPort { get; } = FreePort.Next();

    public int PlainPort { get; } = FreePort.Next();

    public string CaFile => _folder.Combine("ca.pem");

    /// <summary>A CA that did not sign the broker's certificate.</summary>
    public string OtherCaFile => _folder.Combine("other-ca.pem");

    public static async Task<TlsMosquittoBroker> StartAsync()
    {
        var broker = new TlsMosquittoBroker();
        await broker.StartProcessAsync();
        return broker;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
        _folder.Dispose();
    }

    private async Task StartProcessAsync()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=IIoT Test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var server = serverRequest.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(12), [1, 2, 3, 4]);

        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = new CertificateRequest("CN=Other CA", otherKey, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        await File.WriteAllTextAsync(CaFile, ca.ExportCertificatePem());
        await File.WriteAllTextAsync(OtherCaFile, other.ExportCertificatePem());
        await File.WriteAllTextAsync(_folder.Combine("server.pem"), server.ExportCertificatePem());
        await File.WriteAllTextAsync(_folder.Combine("server.key"), serverKey.ExportPkcs8PrivateKeyPem());
        var passwords = _folder.Combine("passwords");
        await File.WriteAllTextAsync(passwords, $"{UserName}:{Password}\n");
        using (var hash = Process.Start(Executables.Require("mosquitto_passwd", "mosquitto"), ["-U", passwords]))
        {
            await hash.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }

        var config = _folder.Combine("mosquitto.conf");
        await File.WriteAllTextAsync(config, $"""
            per_listener_settings false
            allow_anonymous false
            password_file {passwords}
            user root
            persistence false
            log_dest stdout
            log_type error
            log_type warning
            listener {PlainPort} 127.0.0.1
            listener {TlsPort} 127.0.0.1
            cafile {CaFile}
            certfile {_folder.Combine("server.pem")}
            keyfile {_folder.Combine("server.key")}
            """);
        _process = ManagedProcess.Start("mosquitto-tls", Executables.Require("mosquitto", "mosquitto"), ["-c", config]);
        await Wait.UntilAsync(async () =>
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException("mosquitto exited: " + _process.Output);
            }
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", TlsPort);
            return true;
        }, TimeSpan.FromSeconds(15), "mosquitto (TLS) to accept connections");
    }
}
