using System.Buffers;

namespace IIoT.Gateway.Collection.Mqtt.Mapping;

/// <summary>
/// The compiled rules one broker's messages are tried against, in configuration order; the first rule whose topic
/// template matches maps the message. MQTT does not say which subscription a message came through (3.1.1 has no
/// subscription identifiers), so the topic decides.
/// </summary>
internal sealed class MappingRules
{
    private readonly MappingRule[] _rules;

    private MappingRules(MappingRule[] rules)
    {
        _rules = rules;
    }

    public int Count => _rules.Length;

    /// <summary>Compiles every rule; throws <see cref="ArgumentException"/> for an invalid one.</summary>
    public static MappingRules Compile(IEnumerable<MappingRuleOptions> rules)
    {
        var compiled = new List<MappingRule>();
        foreach (var rule in rules)
        {
            compiled.Add(MappingRule.Compile(rule));
        }
        return new MappingRules([.. compiled]);
    }

    /// <summary>
    /// The rules a broker's subscriptions name, in rule order; all rules if any subscription names none.
    /// </summary>
    public MappingRules ForBroker(MqttBrokerOptions broker)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var subscription in broker.Subscriptions)
        {
            if (string.IsNullOrEmpty(subscription.Rule))
            {
                return this;
            }
            names.Add(subscription.Rule);
        }
        var selected = new List<MappingRule>();
        foreach (var rule in _rules)
        {
            if (names.Contains(rule.Name))
            {
                selected.Add(rule);
            }
        }
        return new MappingRules([.. selected]);
    }

    /// <summary>Maps one message; points are appended to <paramref name="output"/> as framed records.</summary>
    public MappingResult Map(string topic, ReadOnlySequence<byte> payload, long receiveTimeNs, string source,
        List<ReadOnlyMemory<byte>> output)
    {
        foreach (var rule in _rules)
        {
            if (rule.TryMatchTopic(topic, out var captures))
            {
                return rule.Map(topic, captures, payload, receiveTimeNs, source, output);
            }
        }
        return MappingResult.Failed(MappingError.Unmapped, "no rule matches the topic");
    }
}
