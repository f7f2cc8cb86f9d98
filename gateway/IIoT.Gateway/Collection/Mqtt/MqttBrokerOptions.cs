using System.ComponentModel.DataAnnotations;

namespace IIoT.Gateway.Collection.Mqtt;

/// <summary>One broker the gateway keeps a persistent session with.</summary>
public sealed class MqttBrokerOptions
{
    /// <summary>Names the intake in points ("mqtt:{Name}"), metrics and the loss ledger.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", ErrorMessage = "Mqtt broker Name must be 1-64 letters, digits, '.', '_' or '-'.")]
    public string Name { get; set; } = "";

    [Required]
    public string Host { get; set; } = "";

    [Range(1, 65535)]
    public int Port { get; set; } = 1883;

    public MqttProtocol Protocol { get; set; } = MqttProtocol.V500;

    /// <summary>Must be stable across restarts: the broker keeps the session (and the unacknowledged messages) under it.</summary>
    [Required]
    [StringLength(256, MinimumLength = 1)]
    public string ClientId { get; set; } = "";

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public MqttTlsOptions Tls { get; set; } = new();

    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the broker keeps the session (and queues QoS 1 messages) while the gateway is away (MQTT 5).</summary>
    public TimeSpan SessionExpiry { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Most messages received but not yet acknowledged (waiting for the fsync). Sent as Receive Maximum with MQTT 5;
    /// with 3.1.1 the intake stops taking messages from the client at this bound.
    /// </summary>
    [Range(1, 65535)]
    public int ReceiveMaximum { get; set; } = 1000;

    [Required]
    public List<MqttSubscriptionOptions> Subscriptions { get; set; } = [];

    /// <summary>First wait before reconnecting; doubles on each failure up to <see cref="ReconnectMaxDelay"/>, with jitter.</summary>
    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Appends to the buffer that may be outstanding at once; PUBACKs still go out strictly in receive order.</summary>
    [Range(1, 64)]
    public int MaxAppendsInFlight { get; set; } = 2;

    /// <summary>Messages appended to the buffer in one call (so that they share one fsync).</summary>
    [Range(1, 65535)]
    public int MaxMessagesPerAppend { get; set; } = 500;

    /// <summary>Largest packet accepted from the broker (MQTT 5 Maximum Packet Size, RELIABILITY C2).</summary>
    [Range(1024, 268_435_455)]
    public int MaxPacketSize { get; set; } = 1024 * 1024;
}
