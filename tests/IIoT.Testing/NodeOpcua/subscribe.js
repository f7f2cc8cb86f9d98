"use strict";
// The "subscribe" command of client.js: one node-opcua ClientSubscription with a ClientMonitoredItemGroup, run until a
// stop condition, for the subscription and fault interop tests of our server (issue 3).
//
// Options (all optional except the nodes):
//   nodes: ["ns=2;s=A", ...]  or  prefix: "ns=2;s=C.", count: n, start: 0   (node ids prefix+start .. prefix+start+n-1)
//   publishingInterval (100), keepAliveCount (10), lifetimeCount (60), maxNotificationsPerPublish (0)
//   samplingInterval (50), queueSize (1), discardOldest (true)
//   deadband: {type: "absolute" | "percent", value: n}         DataChangeFilter, trigger StatusValue
//   record: "all" (every value per item, default) | "last" (count and last value per item) | "none" (no item list)
//   writes: [{nodeId, dataType, value}]  written once every Good item has its first value; statuses in the summary
//   until: {valuesPerItem, reconnections, valuesAfterReconnect, value: {index, value}}: stop when all given hold
//          (valuesAfterReconnect: values per Good item received after the last "connection_reestablished")
//   stopFile: stop as soon as this file exists (the test decides when)
//   timeoutMs (30000): stop anyway and report stoppedBy "timeout"
//   progressMs (200): print "PROGRESS {json}" lines on stdout while running
// Summary: subscription ids seen, revised parameters, created/failed item counts with statuses, per item
// {nodeId, status, samplingInterval, queueSize, count, last, values}, keepAlives, notification messages, sequence gaps
// (a sequence number the client never saw: a data gap it can detect), reconnections and the client/session events in order.

const {
    ClientSubscription,
    ClientMonitoredItemGroup,
    TimestampsToReturn,
    DataChangeFilter,
    DataChangeTrigger,
    DeadbandType,
    AttributeIds,
    DataType,
} = require("node-opcua");
const fs = require("fs");

function nodeIds(options) {
    if (Array.isArray(options.nodes)) {
        return options.nodes;
    }
    const start = options.start ?? 0;
    return Array.from({ length: options.count }, (_, i) => `${options.prefix}${start + i}`);
}

function filter(deadband) {
    if (!deadband) {
        return null;
    }
    const type = deadband.type === "percent" ? DeadbandType.Percent : deadband.type === "absolute" ? DeadbandType.Absolute : DeadbandType.None;
    return new DataChangeFilter({ trigger: DataChangeTrigger.StatusValue, deadbandType: type, deadbandValue: deadband.value });
}

function plainValue(dataValue) {
    const v = dataValue.value ? dataValue.value.value : null;
    if (typeof v === "bigint") {
        return v.toString();
    }
    if (v !== null && typeof v === "object" && !ArrayBuffer.isView(v) && !Array.isArray(v)) {
        return v.toString();
    }
    return ArrayBuffer.isView(v) ? Array.from(v) : v;
}

async function subscribe(client, session, options, helpers) {
    const started = Date.now();
    const elapsed = () => Date.now() - started;
    const events = [];
    const note = (name, detail) => events.push(detail === undefined ? { t: elapsed(), name } : { t: elapsed(), name, detail });
    const record = options.record ?? "all";
    const ids = nodeIds(options);
    const counts = new Array(ids.length).fill(0);
    const afterReconnect = new Array(ids.length).fill(0);
    const last = new Array(ids.length).fill(null);
    const values = record === "all" ? ids.map(() => []) : null;
    const valueStatuses = {};
    let keepAlives = 0;
    let messages = 0;
    let reconnections = 0;
    const gaps = [];
    const subscriptionIds = [];
    let expected = null; // next sequence number per the last message seen, per subscription id
    let expectedFor = null;

    const listeners = [];
    const listen = (emitter, name, handler) => {
        emitter.on(name, handler);
        listeners.push(() => emitter.removeListener(name, handler));
    };
    listen(client, "connection_lost", () => note("connection_lost"));
    listen(client, "start_reconnection", () => note("start_reconnection"));
    listen(client, "reconnection_attempt_has_failed", (_, message) => note("reconnection_attempt_has_failed", String(message ?? "")));
    listen(client, "after_reconnection", (err) => note("after_reconnection", err ? err.message : undefined));
    listen(client, "connection_reestablished", () => {
        reconnections++;
        afterReconnect.fill(0);
        note("connection_reestablished");
    });
    listen(session, "session_restored", () => note("session_restored"));
    listen(session, "session_repaired", () => note("session_repaired"));
    listen(session, "keepalive_failure", () => note("keepalive_failure"));

    const subscription = ClientSubscription.create(session, {
        requestedPublishingInterval: options.publishingInterval ?? 100,
        requestedLifetimeCount: options.lifetimeCount ?? 60,
        requestedMaxKeepAliveCount: options.keepAliveCount ?? 10,
        maxNotificationsPerPublish: options.maxNotificationsPerPublish ?? 0,
        publishingEnabled: true,
        priority: 1,
    });
    subscription.on("keepalive", () => keepAlives++);
    subscription.on("status_changed", (status) => note("status_changed", helpers.statusName(status)));
    subscription.on("internal_error", (err) => note("internal_error", err.message));
    subscription.on("terminated", () => note("subscription_terminated"));
    subscription.on("raw_notification", (message) => {
        const id = subscription.subscriptionId;
        if (!subscriptionIds.includes(id)) {
            subscriptionIds.push(id);
        }
        const data = (message.notificationData ?? []).length > 0;
        if (expectedFor === id && expected !== null && message.sequenceNumber !== expected && (data || message.sequenceNumber > expected)) {
            gaps.push({ subscriptionId: id, expected, got: message.sequenceNumber, t: elapsed() });
        }
        if (data) {
            messages++;
            expected = message.sequenceNumber + 1;
        } else {
            expected = message.sequenceNumber; // a keep-alive announces the next number without using it
        }
        expectedFor = id;
    });
    await new Promise((resolve, reject) => {
        subscription.once("started", resolve);
        subscription.once("internal_error", reject);
    });
    subscriptionIds.push(subscription.subscriptionId);
    note("subscription_started", subscription.subscriptionId);

    const parameters = {
        samplingInterval: options.samplingInterval ?? 50,
        queueSize: options.queueSize ?? 1,
        discardOldest: options.discardOldest ?? true,
    };
    const dataChangeFilter = filter(options.deadband);
    if (dataChangeFilter) {
        parameters.filter = dataChangeFilter;
    }
    const group = ClientMonitoredItemGroup.create(
        subscription,
        ids.map((nodeId) => ({ nodeId, attributeId: AttributeIds.Value })),
        parameters,
        TimestampsToReturn.Both,
    );
    group.on("changed", (_item, dataValue, index) => {
        counts[index]++;
        afterReconnect[index]++;
        const value = plainValue(dataValue);
        last[index] = value;
        if (values) {
            values[index].push(value);
        }
        const status = helpers.statusName(dataValue.statusCode);
        valueStatuses[status] = (valueStatuses[status] ?? 0) + 1;
    });
    await new Promise((resolve, reject) => {
        group.once("initialized", resolve);
        group.once("err", (message) => reject(new Error(`monitored items: ${message}`)));
    });
    const itemStatus = group.monitoredItems.map((item) => helpers.statusName(item.statusCode));
    const good = itemStatus.map((status) => status === "Good");
    note("items_created", good.filter((g) => g).length);

    const writes = [];
    let writesDone = !Array.isArray(options.writes) || options.writes.length === 0;
    let writing = false;
    const until = options.until ?? {};
    const timeoutMs = options.timeoutMs ?? 30000;
    const everyGood = (array, minimum) => array.every((n, i) => !good[i] || n >= minimum);

    const done = () => {
        if (until.valuesPerItem !== undefined && !everyGood(counts, until.valuesPerItem)) return false;
        if (until.reconnections !== undefined && reconnections < until.reconnections) return false;
        if (until.valuesAfterReconnect !== undefined && !everyGood(afterReconnect, until.valuesAfterReconnect)) return false;
        if (until.value !== undefined && !(values ? values[until.value.index].includes(until.value.value) : last[until.value.index] === until.value.value)) return false;
        return writesDone && Object.keys(until).length > 0;
    };
    const progress = () => {
        const total = counts.reduce((a, b) => a + b, 0);
        const goodCounts = counts.filter((_, i) => good[i]);
        console.log("PROGRESS " + JSON.stringify({
            t: elapsed(), values: total, minCount: goodCounts.length ? Math.min(...goodCounts) : 0,
            reconnections, keepAlives, messages, events: events.length,
        }));
    };

    const stoppedBy = await new Promise((resolve) => {
        let lastProgress = 0;
        const timer = setInterval(() => {
            if (!writesDone && !writing && everyGood(counts, 1)) {
                writing = true;
                (async () => {
                    for (const w of options.writes) {
                        const status = await session.write({
                            nodeId: w.nodeId,
                            attributeId: AttributeIds.Value,
                            value: { value: { dataType: DataType[w.dataType], value: w.value } },
                        });
                        writes.push({ nodeId: w.nodeId, status: helpers.statusName(status), t: elapsed() });
                    }
                    writesDone = true;
                })().catch((err) => {
                    writes.push({ error: err.message });
                    writesDone = true;
                });
            }
            if (Date.now() - lastProgress >= (options.progressMs ?? 200)) {
                lastProgress = Date.now();
                progress();
            }
            if (options.stopFile && fs.existsSync(options.stopFile)) {
                clearInterval(timer);
                resolve("stopFile");
            } else if (done()) {
                clearInterval(timer);
                resolve("until");
            } else if (elapsed() > timeoutMs) {
                clearInterval(timer);
                resolve("timeout");
            }
        }, 25);
    });
    progress();
    for (const remove of listeners) {
        remove();
    }

    const statuses = {};
    for (const status of itemStatus) {
        statuses[status] = (statuses[status] ?? 0) + 1;
    }
    const summary = {
        stoppedBy,
        durationMs: elapsed(),
        subscriptionId: subscriptionIds[0],
        subscriptionIds,
        finalSubscriptionId: subscription.subscriptionId,
        revisedPublishingInterval: subscription.publishingInterval,
        revisedLifetimeCount: subscription.lifetimeCount,
        revisedMaxKeepAliveCount: subscription.maxKeepAliveCount,
        created: good.filter((g) => g).length,
        failed: good.filter((g) => !g).length,
        statuses,
        failedItems: ids.map((nodeId, i) => ({ nodeId, status: itemStatus[i] })).filter((item) => item.status !== "Good"),
        itemsWithoutValues: counts.filter((n, i) => good[i] && n === 0).length,
        minCount: Math.min(...counts.filter((_, i) => good[i]).concat([Number.MAX_SAFE_INTEGER])),
        totalValues: counts.reduce((a, b) => a + b, 0),
        valueStatuses,
        keepAlives,
        notificationMessages: messages,
        sequenceGaps: gaps,
        reconnections,
        events,
        writes,
    };
    if (record !== "none") {
        summary.items = ids.map((nodeId, i) => {
            const item = group.monitoredItems[i];
            const result = item.result;
            const entry = {
                nodeId,
                status: itemStatus[i],
                samplingInterval: result ? result.revisedSamplingInterval : null,
                queueSize: result ? result.revisedQueueSize : null,
                count: counts[i],
                last: last[i],
            };
            if (values) {
                entry.values = values[i];
            }
            return entry;
        });
    }
    await subscription.terminate().catch(() => undefined);
    return summary;
}

module.exports = { subscribe };
