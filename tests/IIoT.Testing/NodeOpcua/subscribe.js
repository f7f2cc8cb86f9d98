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
//   republishMissing (false): at the end, ask the server with Republish for every data message of the current
//          subscription the client never received, and report the values in them ("recovered")
// Summary: subscription ids seen, revised parameters, created/failed item counts with statuses, per item
// {nodeId, status, samplingInterval, queueSize, count, last, values}, keepAlives, notification messages, per subscription
// generation the data sequence numbers missing (a data gap the client can detect) and out of order, reconnections, the
// client/session events in order and a trace of the service calls other than Publish/Read/Write (with results).

const {
    ClientSubscription,
    ClientMonitoredItemGroup,
    TimestampsToReturn,
    DataChangeFilter,
    DataChangeTrigger,
    DeadbandType,
    AttributeIds,
    DataType,
    RepublishRequest,
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

// What the client can tell from the sequence numbers of the data messages it received (one subscription generation):
// numbers it never got (lost messages: a data gap it can detect), and messages that arrived after a later one.
function sequenceReport(numbers) {
    if (numbers.length === 0) {
        return { count: 0, first: null, last: null, missing: [], outOfOrder: 0 };
    }
    const seen = new Set(numbers);
    const min = Math.min(...numbers);
    const max = Math.max(...numbers);
    const missing = [];
    for (let n = min; n <= max && missing.length < 100; n++) {
        if (!seen.has(n)) {
            missing.push(n);
        }
    }
    let outOfOrder = 0;
    let highest = 0;
    for (const n of numbers) {
        if (n < highest) {
            outOfOrder++;
        }
        highest = Math.max(highest, n);
    }
    return { count: numbers.length, first: numbers[0], last: numbers[numbers.length - 1], missing, outOfOrder, duplicates: numbers.length - seen.size };
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
    // Set when the stop condition holds: what arrives later (a response that was overtaken, say) is not counted, so
    // the report and the messages recovered with republishMissing describe the same moment.
    let stopped = false;
    let decreasing = 0;
    let messages = 0;
    let reconnections = 0;
    const subscriptionIds = [];
    // Sequence numbers of data messages per subscription "generation" (a recreated subscription may get the same id
    // from a restarted server, so a CreateSubscription the client sends starts a new generation).
    let generation = 0;
    const sequences = [[]];
    const trace = [];
    const arrivals = []; // [t, sequence number] of data messages, in arrival order
    let lastAvailable = []; // AvailableSequenceNumbers of the last PublishResponse: what the server still keeps
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
    // The service calls other than Publish/Read/Write, with their results: how node-opcua repairs a connection.
    const routine = /^(Publish|Read|Write|Browse)(Request|Response)$/;
    let traced = false;
    listen(client, "send_request", (request) => {
        const name = request.constructor.name;
        if (name === "CreateSubscriptionRequest" && traced) {
            generation++;
            sequences.push([]);
        }
        if (name === "CreateSubscriptionRequest") {
            traced = true;
        }
        if (traced && !routine.test(name)) {
            const entry = { t: elapsed(), name: name.replace(/Request$/, "") };
            if (name === "RepublishRequest") {
                entry.sequenceNumber = request.retransmitSequenceNumber;
            }
            trace.push(entry);
        }
    });
    listen(client, "receive_response", (response) => {
        const name = response.constructor.name;
        if (name === "PublishResponse") {
            lastAvailable = Array.from(response.availableSequenceNumbers ?? []);
        }
        if (traced && !routine.test(name)) {
            const result = response.responseHeader ? helpers.statusName(response.responseHeader.serviceResult) : "?";
            const results = Array.isArray(response.results) && response.results.length > 0 && response.results.length <= 5
                ? response.results.map((r) => helpers.statusName(r.statusCode ?? r)).join(",") : undefined;
            const entry = { t: elapsed(), name: name.replace(/Response$/, ""), result, results };
            if (name === "RepublishResponse" && response.notificationMessage) {
                entry.sequenceNumber = response.notificationMessage.sequenceNumber;
            }
            trace.push(entry);
        }
    });

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
        if (stopped) {
            return;
        }
        const id = subscription.subscriptionId;
        if (!subscriptionIds.includes(id)) {
            subscriptionIds.push(id);
        }
        if ((message.notificationData ?? []).length > 0) {
            messages++;
            sequences[generation].push(message.sequenceNumber);
            if (arrivals.length < 500) {
                arrivals.push([elapsed(), message.sequenceNumber]);
            }
        }
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
        if (stopped) {
            return;
        }
        counts[index]++;
        afterReconnect[index]++;
        const value = plainValue(dataValue);
        if (typeof value === "number" && typeof last[index] === "number" && value < last[index]) {
            decreasing++; // an older value processed after a newer one (responses overtaking each other)
        }
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
    stopped = true;
    progress();
    const available = lastAvailable;
    const recovered = [];
    if (options.republishMissing) {
        const handles = new Map(group.monitoredItems.map((item, i) => [item.monitoringParameters.clientHandle, i]));
        for (const sequenceNumber of sequenceReport(sequences[generation]).missing) {
            const response = await new Promise((resolve) => session.republish(
                new RepublishRequest({ subscriptionId: subscription.subscriptionId, retransmitSequenceNumber: sequenceNumber }),
                (err, r) => resolve(err ? { error: err.message } : r)));
            if (response.error) {
                recovered.push({ sequenceNumber, status: response.error });
                continue;
            }
            const items = [];
            for (const data of response.notificationMessage.notificationData ?? []) {
                for (const change of data.monitoredItems ?? []) {
                    items.push({ index: handles.get(change.clientHandle), value: plainValue(change.value) });
                }
            }
            recovered.push({ sequenceNumber, status: helpers.statusName(response.responseHeader.serviceResult), items });
        }
    }
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
        decreasing,
        keepAlives,
        notificationMessages: messages,
        sequences: sequences.map(sequenceReport),
        trace,
        arrivals,
        available,
        recovered,
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
