using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using IIoT.Gateway.Collection.Mqtt;
using IIoT.Gateway.Collection.Mqtt.Mapping;
using IIoT.Gateway.DeadLetters;
using IIoT.Gateway.Tests.Collection.Mqtt.Mapping;
using IIoT.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace IIoT.Gateway.Tests.Collection.Mqtt;

/// <summary>TLS with a CA file and user/password against a real mosquitto; nothing is accepted that should not be.</summary>
public sealed class MqttTlsTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly TempFolder _folder = new("mqtt-tls");
    private readonly RunningSources _running = new();
    private DeadLetterStore _deadLetters = null!;
    private TlsMosquittoBroker _broker = null!;

    public async Task InitializeAsync()
    {
        _deadLetters = new DeadLetterStore(new DeadLetterOptions { Directory = _folder.Path }, TimeProvider.System, NullLogger<DeadLetterStore>.Instance);
        _broker = await TlsMosquittoBroker.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _running.DisposeAsync();
        await _broker.DisposeAsync();
        _deadLetters.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task With_the_CA_file_and_credentials_the_source_connects_over_TLS_and_receives()
    {
        var sink = new RecordingSink();
        var source = Start(Options("tls-ok", _broker.CaFile, TlsMosquittoBroker.Password), sink);
        await Wait.UntilAsync(() => source.IsConnected, Timeout, "a TLS connection");
        await using var publisher = await TestPublisher.ConnectAsync(_broker.PlainPort, TlsMosquittoBroker.UserName, TlsMosquittoBroker.Password);

        await publisher.PublishAsync("factory/p/a/l/m/telemetry", TestPublisher.Telemetry(1));

        await Wait.UntilAsync(() => sink.Points.Count == 5, Timeout, "the points");
    }

    [Theory]
    [InlineData("other-ca", TlsMosquittoBroker.Password)]
    [InlineData("right-ca", "wrong-password")]
    public async Task A_broker_certificate_from_another_CA_or_a_wrong_password_never_connects(string ca, string password)
    {
        var options = Options("tls-refused-" + ca, ca == "other-ca" ? _broker.OtherCaFile : _broker.CaFile, password);
        using var metrics = new MetricRecorder(options.Name);
        var source = Start(options, new RecordingSink());

        await Wait.UntilAsync(() => metrics.Sum("iiot.gateway.mqtt.reconnects") >= 3, Timeout, "three failed attempts");

        Assert.Equal(0, source.Connections);
        Assert.False(source.IsConnected);
    }

    [Fact]
    public void IsTrustedByCa_refuses_a_name_mismatch_even_from_the_right_CA()
    {
        using var ca = X509CertificateLoader.LoadCertificateFromFile(_broker.CaFile);

        Assert.False(MqttClientOptionsFactory.IsTrustedByCa(ca, SslPolicyErrors.RemoteCertificateNameMismatch, ca));
        Assert.False(MqttClientOptionsFactory.IsTrustedByCa(null, SslPolicyErrors.RemoteCertificateNotAvailable, ca));
    }

    private MqttBrokerOptions Options(string name, string caFile, string password) => new()
    {
        Name = name,
        Host = "127.0.0.1",
        Port = _broker.TlsPort,
        ClientId = "gw-" + name,
        UserName = TlsMosquittoBroker.UserName,
        Password = password,
        Tls = new MqttTlsOptions { Enabled = true, CaFile = caFile, ServerName = "localhost" },
        ReconnectMinDelay = TimeSpan.FromMilliseconds(50),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
        Subscriptions = [new MqttSubscriptionOptions { Topic = "factory/#", Rule = "line-json" }],
    };

    private MqttSource Start(MqttBrokerOptions options, RecordingSink sink)
    {
        var source = new MqttSource(options, MappingRules.Compile([MappingRulesTests.LineJson()]).ForBroker(options), sink,
            new RecordingLedger(), _deadLetters, TimeProvider.System, NullLogger.Instance);
        _running.Run(source);
        return source;
    }
}
