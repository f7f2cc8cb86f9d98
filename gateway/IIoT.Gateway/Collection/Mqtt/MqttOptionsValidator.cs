using System.ComponentModel.DataAnnotations;
using System.Net;
using IIoT.Gateway.Collection.Mqtt.Mapping;
using Microsoft.Extensions.Options;

namespace IIoT.Gateway.Collection.Mqtt;

/// <summary>
/// Checks the whole "Mqtt" section, nested objects included, and reports every problem at once. No broker is fine when
/// an OPC UA endpoint is configured (MQTT collection then simply does not run); with neither the gateway has no source.
/// </summary>
internal sealed class MqttOptionsValidator(IConfiguration? configuration) : IValidateOptions<MqttOptions>
{
    public const string NoSourceMessage =
        "No data source is configured: name at least one MQTT broker (Mqtt:Brokers) or one OPC UA endpoint (OpcUa:Endpoints).";

    public MqttOptionsValidator()
        : this(null)
    {
    }

    public ValidateOptionsResult Validate(string? name, MqttOptions options)
    {
        var failures = new List<string>();
        if (options.Brokers.Count == 0 && !HasOpcUaEndpoint())
        {
            failures.Add(NoSourceMessage);
        }
        var ruleNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Rules.Count; i++)
        {
            var rule = options.Rules[i];
            Annotations(failures, $"Mqtt:Rules:{i}", rule);
            if (!ruleNames.Add(rule.Name))
            {
                failures.Add($"Mqtt:Rules:{i}: the rule name '{rule.Name}' is used twice.");
            }
            failures.AddRange(MappingRule.Problems(rule));
        }
        var brokerNames = new HashSet<string>(StringComparer.Ordinal);
        var clientIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Brokers.Count; i++)
        {
            ValidateBroker(failures, $"Mqtt:Brokers:{i}", options.Brokers[i], ruleNames);
            if (!brokerNames.Add(options.Brokers[i].Name))
            {
                failures.Add($"Mqtt:Brokers:{i}: the broker name '{options.Brokers[i].Name}' is used twice.");
            }
            if (!clientIds.Add(options.Brokers[i].Host + ":" + options.Brokers[i].Port + "/" + options.Brokers[i].ClientId))
            {
                failures.Add($"Mqtt:Brokers:{i}: client id '{options.Brokers[i].ClientId}' is used twice on the same broker; the sessions would take each other over.");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private bool HasOpcUaEndpoint() =>
        configuration?.GetSection("OpcUa:Endpoints").GetChildren().Any() == true;

    private static void ValidateBroker(List<string> failures, string path, MqttBrokerOptions broker, HashSet<string> ruleNames)
    {
        Annotations(failures, path, broker);
        Annotations(failures, path + ":Tls", broker.Tls);
        if (!Enum.IsDefined(broker.Protocol))
        {
            failures.Add($"{path}:Protocol must be V500 or V311.");
        }
        if (broker.KeepAlive < TimeSpan.Zero || broker.KeepAlive.TotalSeconds > ushort.MaxValue)
        {
            failures.Add($"{path}:KeepAlive must be between 0 and 65535 seconds.");
        }
        if (broker.Protocol == MqttProtocol.V500 && (broker.SessionExpiry.TotalSeconds < 1 || broker.SessionExpiry.TotalSeconds > uint.MaxValue))
        {
            // RELIABILITY C2: with expiry 0 the broker drops the session, and the queued messages, at every disconnect.
            failures.Add($"{path}:SessionExpiry must be at least 1 second (and at most {uint.MaxValue} seconds) so that the broker keeps messages while the gateway is away.");
        }
        if (broker.ReconnectMinDelay <= TimeSpan.Zero || broker.ReconnectMaxDelay < broker.ReconnectMinDelay)
        {
            failures.Add($"{path}: ReconnectMinDelay must be positive and not above ReconnectMaxDelay.");
        }
        if (!string.IsNullOrEmpty(broker.Password) && string.IsNullOrEmpty(broker.UserName))
        {
            failures.Add($"{path}: a Password needs a UserName.");
        }
        if (!string.IsNullOrEmpty(broker.Password) && !broker.Tls.Enabled && !IsLoopback(broker.Host))
        {
            // Lesson 9: a password goes only over an encrypted connection to a trusted server.
            failures.Add($"{path}: a Password is sent only over TLS (Tls:Enabled) unless the broker is on loopback.");
        }
        if (broker.Tls.Enabled && !string.IsNullOrEmpty(broker.Tls.CaFile) && !File.Exists(broker.Tls.CaFile))
        {
            failures.Add($"{path}:Tls:CaFile '{broker.Tls.CaFile}' does not exist.");
        }
        if (broker.Subscriptions.Count == 0)
        {
            failures.Add($"{path}:Subscriptions must hold at least one topic filter.");
        }
        for (var i = 0; i < broker.Subscriptions.Count; i++)
        {
            var subscription = broker.Subscriptions[i];
            Annotations(failures, $"{path}:Subscriptions:{i}", subscription);
            if (!IsValidFilter(subscription.Topic))
            {
                failures.Add($"{path}:Subscriptions:{i}: '{subscription.Topic}' is not a valid MQTT topic filter.");
            }
            if (!string.IsNullOrEmpty(subscription.Rule) && !ruleNames.Contains(subscription.Rule))
            {
                failures.Add($"{path}:Subscriptions:{i}: rule '{subscription.Rule}' is not in Mqtt:Rules.");
            }
        }
    }

    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));

    /// <summary>MQTT 3.1.1 §4.7.1: "#" only as the last whole level, "+" only as a whole level.</summary>
    internal static bool IsValidFilter(string filter)
    {
        if (string.IsNullOrEmpty(filter) || filter.Contains('\0'))
        {
            return false;
        }
        var levels = filter.Split('/');
        for (var i = 0; i < levels.Length; i++)
        {
            var level = levels[i];
            if ((level.Contains('#') && (level != "#" || i != levels.Length - 1)) || (level.Contains('+') && level != "+"))
            {
                return false;
            }
        }
        return true;
    }

    private static void Annotations(List<string> failures, string path, object instance)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(instance, new ValidationContext(instance), results, validateAllProperties: true))
        {
            foreach (var result in results)
            {
                failures.Add($"{path}: {result.ErrorMessage}");
            }
        }
    }
}
