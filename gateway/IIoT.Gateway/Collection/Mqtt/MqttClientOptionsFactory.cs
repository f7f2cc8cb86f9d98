using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;
using MQTTnet.Formatter;

namespace IIoT.Gateway.Collection.Mqtt;

/// <summary>Turns a broker's options into MQTTnet client options: a persistent session, manual flow control, TLS.</summary>
internal static class MqttClientOptionsFactory
{
    public static MqttClientOptions Create(MqttBrokerOptions broker)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(broker.Host, broker.Port)
            .WithClientId(broker.ClientId)
            .WithKeepAlivePeriod(broker.KeepAlive)
            .WithTimeout(TimeSpan.FromSeconds(10));
        if (broker.Protocol == MqttProtocol.V311)
        {
            // Clean Session = 0: the broker keeps the subscriptions and queues QoS 1 messages while we are away.
            builder.WithProtocolVersion(MqttProtocolVersion.V311).WithCleanSession(false);
        }
        else
        {
            // RELIABILITY C2: Clean Start = 0 with Session Expiry > 0; Receive Maximum bounds what waits for the fsync.
            var expiry = broker.SessionExpiry.TotalSeconds >= uint.MaxValue ? uint.MaxValue : (uint)broker.SessionExpiry.TotalSeconds;
            builder.WithProtocolVersion(MqttProtocolVersion.V500)
                .WithCleanStart(false)
                .WithSessionExpiryInterval(expiry)
                .WithReceiveMaximum((ushort)broker.ReceiveMaximum)
                .WithMaximumPacketSize((uint)broker.MaxPacketSize);
        }
        if (!string.IsNullOrEmpty(broker.UserName))
        {
            builder.WithCredentials(broker.UserName, broker.Password ?? "");
        }
        if (broker.Tls.Enabled)
        {
            var ca = string.IsNullOrEmpty(broker.Tls.CaFile) ? null : X509CertificateLoader.LoadCertificateFromFile(broker.Tls.CaFile);
            builder.WithTlsOptions(tls =>
            {
                tls.UseTls().WithTargetHost(string.IsNullOrEmpty(broker.Tls.ServerName) ? broker.Host : broker.Tls.ServerName);
                if (ca is not null)
                {
                    tls.WithCertificateValidationHandler(e => IsTrustedByCa(e.Certificate, e.SslPolicyErrors, ca));
                }
            });
        }
        return builder.Build();
    }

    /// <summary>
    /// Accepts a server certificate whose name matches and whose chain ends at the configured CA (or the system store).
    /// Never "accept any": lesson 9 of RELIABILITY.
    /// </summary>
    internal static bool IsTrustedByCa(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2 ca)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateNameMismatch)) != 0)
        {
            return false;
        }
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        // A private CA for a plant network rarely publishes a CRL the gateway can reach.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var server = new X509Certificate2(certificate);
        return chain.Build(server);
    }
}
