"use strict";
// The node-opcua peer of `bench opcua`: one client, one subscription, N monitored items; the same shape as
// `bench opcua-client` (BenchClient.cs). Prints "MEASURING" when the window opens and one "RESULT {json}" line.
// Usage: NODE_PATH=<node_modules> node node-subscriber.js --endpoint <url> --pki <folder> --prefix "ns=2;s=Bench.V"
//        --count N [--publishing-ms 500] [--sampling-ms 1000] [--queue-size 1] [--per-call 10000]
//        [--warmup-seconds 3] [--seconds 10] [--watch-stdin]
// CPU and memory come from /proc/self like our client's, so both are counted the same way.

const fs = require("fs");
const path = require("path");
const {
    OPCUAClient,
    OPCUACertificateManager,
    MessageSecurityMode,
    SecurityPolicy,
    AttributeIds,
    TimestampsToReturn,
    ClientMonitoredItemGroup,
} = require("node-opcua");

function argument(name, fallback) {
    const index = process.argv.indexOf(name);
    return index >= 0 && index + 1 < process.argv.length ? process.argv[index + 1] : fallback;
}

const endpoint = argument("--endpoint");
const pki = argument("--pki");
const prefix = argument("--prefix", "ns=2;s=Bench.V");
const count = Number.parseInt(argument("--count", "10000"), 10);
const publishingMs = Number.parseFloat(argument("--publishing-ms", "500"));
const samplingMs = Number.parseFloat(argument("--sampling-ms", "1000"));
const queueSize = Number.parseInt(argument("--queue-size", "1"), 10);
// node-opcua sends one CreateMonitoredItems per group; groups of the server's per-call limit, as our client splits.
const perCall = Number.parseInt(argument("--per-call", "10000"), 10);
const warmupSeconds = Number.parseFloat(argument("--warmup-seconds", "3"));
const seconds = Number.parseFloat(argument("--seconds", "10"));
if (!endpoint || !pki || !(count > 0) || !(perCall > 0)) {
    console.error("usage: node node-subscriber.js --endpoint <url> --pki <folder> --count N [--prefix p] [--seconds s]");
    process.exit(2);
}

if (process.argv.includes("--watch-stdin")) {
    // The parent holds our stdin open: end-of-file means it is gone.
    process.stdin.on("end", () => process.exit(3));
    process.stdin.on("error", () => process.exit(3));
    process.stdin.resume();
}

function cpuSeconds() {
    const stat = fs.readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
}

function memoryMb() {
    const status = fs.readFileSync("/proc/self/status", "utf8");
    const kb = (key) => {
        const match = status.match(new RegExp(`^${key}:\\s+(\\d+)`, "m"));
        return match ? Number(match[1]) / 1024 : 0;
    };
    return { rss: kb("VmRSS"), peak: kb("VmHWM") };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function main() {
    fs.mkdirSync(pki, { recursive: true });
    const clientCertificateManager = new OPCUACertificateManager({
        rootFolder: path.join(pki, "client"),
        automaticallyAcceptUnknownCertificate: true,
    });
    const client = OPCUAClient.create({
        clientCertificateManager,
        securityMode: MessageSecurityMode.None,
        securityPolicy: SecurityPolicy.None,
        endpointMustExist: false,
        connectionStrategy: { maxRetry: 0 },
        requestedSessionTimeout: 120000,
        defaultTransactionTimeout: 60000,
    });
    await client.connect(endpoint);
    const session = await client.createSession();
    const subscription = await session.createSubscription2({
        requestedPublishingInterval: publishingMs,
        requestedMaxKeepAliveCount: 10,
        requestedLifetimeCount: 100,
        maxNotificationsPerPublish: 0,
        publishingEnabled: true,
        priority: 1,
    });

    let notifications = 0;
    const groups = [];
    const createStarted = process.hrtime.bigint();
    for (let start = 0; start < count; start += perCall) {
        const items = [];
        for (let i = start; i < Math.min(count, start + perCall); i++) {
            items.push({ nodeId: `${prefix}${i}`, attributeId: AttributeIds.Value });
        }
        const group = ClientMonitoredItemGroup.create(subscription, items,
            { samplingInterval: samplingMs, queueSize, discardOldest: true }, TimestampsToReturn.Both);
        group.on("changed", () => { notifications++; });
        await new Promise((resolve, reject) => {
            group.once("initialized", resolve);
            group.once("err", (message) => reject(new Error(message)));
        });
        groups.push(group);
    }
    const createSeconds = Number(process.hrtime.bigint() - createStarted) / 1e9;
    let active = 0;
    let failed = 0;
    let firstFailure = null;
    for (const group of groups) {
        for (const item of group.monitoredItems) {
            if (item.statusCode && item.statusCode.isGood()) {
                active++;
            } else {
                failed++;
                firstFailure = firstFailure || String(item.statusCode);
            }
        }
    }

    let received = 0;
    let elapsed = 0;
    let cpu = 0;
    if (seconds > 0) {
        await sleep(warmupSeconds * 1000);
        process.stdout.write("MEASURING\n");
        const startCount = notifications;
        const startCpu = cpuSeconds();
        const started = process.hrtime.bigint();
        await sleep(seconds * 1000);
        received = notifications - startCount;
        elapsed = Number(process.hrtime.bigint() - started) / 1e9;
        cpu = cpuSeconds() - startCpu;
    }

    const memory = memoryMb();
    process.stdout.write("RESULT " + JSON.stringify({
        client: "node-opcua",
        items: count,
        active,
        failed,
        firstFailure,
        createSeconds,
        notifications: received,
        seconds: elapsed,
        cpuSeconds: cpu,
        rssMb: memory.rss,
        peakRssMb: memory.peak,
        gaps: 0,
    }) + "\n");

    // Tearing 100k items down is not measured; the parent kills us if it takes long.
    await subscription.terminate();
    await session.close();
    await client.disconnect();
}

main().then(() => process.exit(0)).catch((err) => {
    console.error(`ERROR node-subscriber failed: ${err && err.stack ? err.stack : err}`);
    process.exit(1);
});
