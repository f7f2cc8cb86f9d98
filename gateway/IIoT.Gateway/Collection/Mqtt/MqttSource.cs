using System.Buffers;
using System.Diagnostics;
using IIoT.Contracts;
using IIoT.Gateway.Buffering;
using IIoT.Gateway.Collection.Mqtt.Mapping;
using IIoT.Gateway.DeadLetters;
using IIoT.Gateway.Ledger;
using MQTTnet;
using MQTTnet.Protocol;

namespace IIoT.Gateway.Collection.Mqtt;

/// <summary>
/// The intake for one broker: keeps a persistent session, maps each message to points in the receive handler, and
/// acknowledges it only after its points (or its dead letter) are durable, in receive order. Reconnects with
/// exponential backoff and jitter; a reconnect without a session is logged and recorded as a possible gap (MQ-03).
/// </summary>
internal sealed class MqttSource
{
    private readonly MqttBrokerOptions _broker;
    private readonly MappingRules _rules;
    private readonly IRecordSink _sink;
    private readonly ILossLedger _ledger;
    private readonly DeadLetterStore _deadLetters;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly MqttClientOptions _clientOptions;
    private readonly MqttClientFactory _factory = new();
    private readonly TagList _tags;
    private int _connected;
    private int _connections;

    public MqttSource(MqttBrokerOptions broker, MappingRules rules, IRecordSink sink, ILossLedger ledger,
        DeadLetterStore deadLetters, TimeProvider timeProvider, ILogger logger)
    {
        _broker = broker;
        _rules = rules;
        _sink = sink;
        _ledger = ledger;
        _deadLetters = deadLetters;
        _timeProvider = timeProvider;
        _logger = logger;
        Source = "mqtt:" + broker.Name;
        _clientOptions = MqttClientOptionsFactory.Create(broker);
        _tags = new TagList { { "broker", broker.Name } };
    }

    /// <summary>"mqtt:{broker name}", the source of every point and loss record.</summary>
    public string Source { get; }

    /// <summary>True while connected and subscribed.</summary>
    public bool IsConnected => Volatile.Read(ref _connected) == 1;

    /// <summary>Called with each new client before it connects; tests attach packet inspection here.</summary>
    internal Action<IMqttClient>? ClientCreated { get; init; }

    /// <summary>Successful connections so far (the first one included).</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Runs until cancelled. Unacknowledged messages stay with the broker, which redelivers them.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            Exception? error = null;
            try
            {
                if (await RunConnectionAsync(cancellationToken).ConfigureAwait(false))
                {
                    failures = 0;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                error = e;
            }
            if (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            var delay = SourceReconnect.Delay(_broker.ReconnectMinDelay, _broker.ReconnectMaxDelay, failures++);
            MqttMetrics.Reconnects.Add(1, _tags);
            MqttLog.Reconnecting(_logger, error, _broker.Name, delay.TotalSeconds);
            try
            {
                await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        MqttLog.Stopped(_logger, _broker.Name);
    }

    /// <summary>One connection from CONNECT to its end; true when it got connected at all.</summary>
    private async Task<bool> RunConnectionAsync(CancellationToken cancellationToken)
    {
        using var client = _factory.CreateMqttClient();
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pipeline = new DurableAckPipeline(_broker, Source, _sink, _ledger, _deadLetters);
        var token = connection.Token;
        ClientCreated?.Invoke(client);
        client.ApplicationMessageReceivedAsync += e => OnMessageReceivedAsync(e, pipeline, token);
        client.DisconnectedAsync += e =>
        {
            if (e.ClientWasConnected && !token.IsCancellationRequested)
            {
                MqttLog.ConnectionLost(_logger, _broker.Name, e.Reason.ToString());
                SourceReconnect.CancelQuietly(connection);
            }
            return Task.CompletedTask;
        };

        MqttLog.Connecting(_logger, _broker.Name, _broker.Host, _broker.Port, _broker.Protocol, _broker.ClientId,
            _broker.UserName, _broker.Tls.Enabled);
        var result = await client.ConnectAsync(_clientOptions, cancellationToken).ConfigureAwait(false);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new InvalidOperationException($"The broker refused the connection: {result.ResultCode} {result.ReasonString}");
        }
        MqttMetrics.Connected.Add(1, _tags);
        try
        {
            OnConnected(result.IsSessionPresent);
            await SubscribeAsync(client, token).ConfigureAwait(false);
            Interlocked.Exchange(ref _connected, 1);
            await pipeline.RunAsync(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The connection was lost: reconnect.
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (token.IsCancellationRequested || !client.IsConnected)
            {
                // A PUBACK on a connection that just broke: the lost connection is the story, not the pipeline.
                return true;
            }
            MqttLog.PipelineFailed(_logger, e, _broker.Name);
            throw;
        }
        finally
        {
            SourceReconnect.CancelQuietly(connection);
            Interlocked.Exchange(ref _connected, 0);
            MqttMetrics.Connected.Add(-1, _tags);
            if (client.IsConnected)
            {
                // A normal DISCONNECT keeps the session (Session Expiry > 0); what was not acknowledged is redelivered.
                try
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                    await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), timeout.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // Best effort: the broker keeps the session either way.
                }
            }
        }
        return true;
    }

    private void OnConnected(bool sessionPresent)
    {
        Interlocked.Increment(ref _connections);
        MqttLog.Connected(_logger, _broker.Name, sessionPresent);
        if (sessionPresent)
        {
            return;
        }
        if (Connections == 1)
        {
            // The first connection of this process cannot tell a new session from a lost one.
            MqttLog.NewSession(_logger, _broker.Name);
            return;
        }
        MqttLog.SessionLost(_logger, _broker.Name, _broker.ClientId);
        MqttMetrics.SessionsLost.Add(1, _tags);
        var now = UnixTime.Now(_timeProvider);
        _ledger.Record(Source, "session_lost", 0, now, now,
            $"broker {_broker.Host}:{_broker.Port} had no session for {_broker.ClientId}; messages queued meanwhile may be lost");
    }

    private async Task SubscribeAsync(IMqttClient client, CancellationToken cancellationToken)
    {
        var builder = new MqttClientSubscribeOptionsBuilder();
        foreach (var subscription in _broker.Subscriptions)
        {
            builder.WithTopicFilter(subscription.Topic, (MqttQualityOfServiceLevel)subscription.Qos);
        }
        var result = await client.SubscribeAsync(builder.Build(), cancellationToken).ConfigureAwait(false);
        foreach (var item in result.Items)
        {
            var code = item.ResultCode;
            if (code is MqttClientSubscribeResultCode.GrantedQoS0 or MqttClientSubscribeResultCode.GrantedQoS1 or MqttClientSubscribeResultCode.GrantedQoS2)
            {
                MqttLog.Subscribed(_logger, _broker.Name, item.TopicFilter.Topic, code.ToString());
            }
            else
            {
                MqttLog.SubscriptionRefused(_logger, _broker.Name, item.TopicFilter.Topic, code.ToString());
            }
        }
    }

    private async Task OnMessageReceivedAsync(MqttApplicationMessageReceivedEventArgs e, DurableAckPipeline pipeline, CancellationToken connection)
    {
        // The PUBACK waits for the fsync; MQTTnet must not send it when this handler returns.
        e.AutoAcknowledge = false;
        if (connection.IsCancellationRequested)
        {
            return;
        }
        var message = e.ApplicationMessage;
        var receiveTimeNs = UnixTime.Now(_timeProvider);
        var records = new List<ReadOnlyMemory<byte>>();
        MappingResult result;
        try
        {
            result = _rules.Map(message.Topic, message.Payload, receiveTimeNs, Source, records);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Whatever a payload does to the mapper, it must be dead-lettered and acknowledged, never left to block the
            // session as a poison message the broker redelivers for ever.
            records.Clear();
            result = MappingResult.Failed(MappingError.MalformedJson, "mapping failed: " + exception.Message);
        }
        MqttMetrics.MessagesReceived.Add(1, _tags);
        if (result.Succeeded)
        {
            MqttMetrics.PointsMapped.Add(result.Points, _tags);
        }
        var failedPayload = result.Succeeded ? ReadOnlyMemory<byte>.Empty : message.Payload.ToArray();
        var received = new ReceivedMessage(message.Topic, result, records, failedPayload, receiveTimeNs, e.AcknowledgeAsync);
        try
        {
            await pipeline.EnqueueAsync(received, connection).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The connection ended: the message stays unacknowledged and the broker redelivers it.
        }
    }
}
