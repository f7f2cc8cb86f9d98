"use strict";
// Records real node-opcua traffic as hex test vectors for our codec (issue 3, hardening).
// Usage (from this folder): node capture.js <output.hex>
// Starts server.js on a free port, puts a recording TCP proxy in front of it and drives a node-opcua client
// through the proxy: HEL/ACK, OPN, CreateSession, ActivateSession, Read, Browse, CreateSubscription,
// CreateMonitoredItems, Publish (until a DataChangeNotification arrives), CloseSession, CLO.
// Output: one frame per line, "<conn> <C2S|S2C> <label> <hex>", where label is the message type and, for
// MSG/OPN/CLO with SecurityPolicy None, the encoding id of the body. Run once; the tests use the committed file.

const net = require("net");
const fs = require("fs");
const os = require("os");
const path = require("path");
const { spawn } = require("child_process");
const {
    OPCUAClient,
    MessageSecurityMode,
    SecurityPolicy,
    AttributeIds,
    TimestampsToReturn,
    OPCUACertificateManager,
} = require("node-opcua");

const output = process.argv[2];
if (!output) {
    console.error("usage: node capture.js <output.hex>");
    process.exit(2);
}

function freePort() {
    return new Promise((resolve, reject) => {
        const probe = net.createServer();
        probe.once("error", reject);
        probe.listen(0, "127.0.0.1", () => {
            const { port } = probe.address();
            probe.close(() => resolve(port));
        });
    });
}

// Cuts a byte stream into UA-TCP frames using the MessageSize field of each 8-byte header.
function frameSplitter(onFrame) {
    let pending = Buffer.alloc(0);
    return (data) => {
        pending = Buffer.concat([pending, data]);
        while (pending.length >= 8) {
            const size = pending.readUInt32LE(4);
            if (size < 8 || pending.length < size) {
                break;
            }
            onFrame(pending.subarray(0, size));
            pending = pending.subarray(size);
        }
    };
}

// The encoding id after the None security headers: OPN has an asymmetric header, MSG/CLO a 4-byte token id.
function label(frame) {
    const type = frame.toString("ascii", 0, 3);
    let offset;
    if (type === "OPN") {
        offset = 12;
        for (let i = 0; i < 3; i++) {
            const length = frame.readInt32LE(offset);
            offset += 4 + Math.max(length, 0);
        }
        offset += 8;
    } else if (type === "MSG" || type === "CLO") {
        offset = 24;
    } else {
        return type;
    }
    const form = frame[offset];
    let id;
    if (form === 0x00) id = frame[offset + 1];
    else if (form === 0x01) id = frame.readUInt16LE(offset + 2);
    else if (form === 0x02) id = frame.readUInt32LE(offset + 3);
    else id = "?";
    return `${type}${String.fromCharCode(frame[3])}:${id}`;
}

async function main() {
    const pki = fs.mkdtempSync(path.join(os.tmpdir(), "capture-"));
    const serverPort = await freePort();
    const server = spawn(process.execPath, [path.join(__dirname, "server.js"), "--port", String(serverPort), "--pki", pki], {
        stdio: ["ignore", "pipe", "inherit"],
    });
    await new Promise((resolve, reject) => {
        server.stdout.on("data", (d) => (d.toString().includes("READY") ? resolve() : undefined));
        server.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
    });

    const lines = [];
    let connections = 0;
    const proxy = net.createServer((client) => {
        const conn = connections++;
        const upstream = net.connect(serverPort, "127.0.0.1");
        const record = (direction) => frameSplitter((frame) => lines.push(`${conn} ${direction} ${label(frame)} ${frame.toString("hex")}`));
        const c2s = record("C2S");
        const s2c = record("S2C");
        client.on("data", (d) => { c2s(d); upstream.write(d); });
        upstream.on("data", (d) => { s2c(d); client.write(d); });
        client.on("close", () => upstream.destroy());
        upstream.on("close", () => client.destroy());
        client.on("error", () => upstream.destroy());
        upstream.on("error", () => client.destroy());
    });
    const proxyPort = await freePort();
    await new Promise((resolve) => proxy.listen(proxyPort, "127.0.0.1", resolve));

    const endpointUrl = `opc.tcp://127.0.0.1:${proxyPort}`;
    // The client's own certificate is made up front: node-opcua's lazy creation inside connect() hung here.
    const clientCertificateManager = new OPCUACertificateManager({ rootFolder: path.join(pki, "client") });
    await clientCertificateManager.initialize();
    await clientCertificateManager.createSelfSignedCertificate({
        applicationUri: "urn:iiot:capture",
        dns: ["localhost"],
        outputFile: path.join(pki, "client", "own", "certs", "client_certificate.pem"),
        subject: "/CN=capture",
        startDate: new Date(),
        validity: 30,
    });
    const client = OPCUAClient.create({
        applicationName: "capture",
        securityMode: MessageSecurityMode.None,
        securityPolicy: SecurityPolicy.None,
        endpointMustExist: false,
        connectionStrategy: { maxRetry: 0 },
        applicationUri: "urn:iiot:capture",
        clientCertificateManager,
    });
    try {
        await client.connect(endpointUrl);
        console.error(`capture: ${lines.length} frames after ` + 'client.connect');
        const session = await client.createSession();
        console.error(`capture: ${lines.length} frames after ` + 'client.createSession');
        await session.read({ nodeId: "ns=2;s=Line1.Machine1.Temperature", attributeId: AttributeIds.Value });
        await session.browse("ns=2;s=Line1");
        console.error(`capture: ${lines.length} frames after ` + 'session.browse');
        const subscription = await session.createSubscription2({
            requestedPublishingInterval: 100,
            requestedLifetimeCount: 100,
            requestedMaxKeepAliveCount: 10,
            maxNotificationsPerPublish: 100,
            publishingEnabled: true,
            priority: 1,
        });
        const item = await subscription.monitor(
            { nodeId: "ns=2;s=Line1.Machine1.Temperature", attributeId: AttributeIds.Value },
            { samplingInterval: 100, discardOldest: true, queueSize: 1 },
            TimestampsToReturn.Both,
        );
        // Two notifications: the initial value and one change, so at least one PublishResponse carries data.
        await new Promise((resolve, reject) => {
            let changes = 0;
            const timer = setTimeout(() => reject(new Error("no data change within 10 s")), 10000);
            item.on("changed", () => {
                if (++changes >= 2) {
                    clearTimeout(timer);
                    resolve();
                }
            });
        });
        await subscription.terminate();
        console.error(`capture: ${lines.length} frames after ` + 'subscription.terminate');
        await session.close();
        await client.disconnect();
        console.error(`capture: ${lines.length} frames after ` + 'client.disconnect');
    } finally {
        proxy.close();
        server.kill("SIGTERM");
        fs.rmSync(pki, { recursive: true, force: true });
    }
    fs.writeFileSync(output, lines.join("\n") + "\n");
    console.log(`${lines.length} frames -> ${output}`);
}

main().catch((err) => {
    console.error(err && err.stack ? err.stack : err);
    process.exit(1);
});
