"use strict";
// node-opcua test server for the interop tests of our own OPC UA stack (issue 3).
// Usage: node server.js --port <port> --pki <folder>   (or NODE_OPCUA_PORT / NODE_OPCUA_PKI)
// Optional (client tests): --variables <n> --rate-ms <ms> (n Double variables "s=Bulk.<i>" whose values change every
// <ms>), --counter-ms <ms> (UInt32 "s=Counter" incremented by 1 every <ms>, reported on change), --large-array (String
// array "s=LargeArray" whose Read reply is > 1 MB), --writable (Double "s=Writable"), --user <name> --password <pw>
// (user name login next to anonymous), --max-nodes-per-read/-browse/-write <n>, --max-monitored-items-per-call <n>,
// --log-sessions (prints "SESSION_CLOSED <deleteSubscriptions>" when a session ends, e.g. by timeout).
// Prints exactly one line "READY <endpointUrl>" on stdout once it listens; exits cleanly on SIGTERM/SIGINT.
// Everything node-opcua writes (PKI, its self-signed certificate) goes below <folder>, so a test run
// leaves nothing in the home directory and never prompts.

const path = require("path");
const fs = require("fs");
const {
    OPCUAServer,
    OPCUACertificateManager,
    SecurityPolicy,
    MessageSecurityMode,
    DataType,
    Variant,
    VariantArrayType,
    UserTokenPolicy,
    UserTokenType,
} = require("node-opcua");

function argument(name, envName) {
    const index = process.argv.indexOf(name);
    if (index >= 0 && index + 1 < process.argv.length) {
        return process.argv[index + 1];
    }
    return process.env[envName];
}

const port = Number.parseInt(argument("--port", "NODE_OPCUA_PORT") ?? "", 10);
const pki = argument("--pki", "NODE_OPCUA_PKI");
if (!Number.isInteger(port) || port <= 0 || port > 65535 || !pki) {
    console.error("usage: node server.js --port <port> --pki <folder>");
    process.exit(2);
}

const Namespace = "urn:iiot:test";

function optionalInt(name) {
    const text = argument(name, "");
    if (text === undefined || text === "") {
        return undefined;
    }
    const value = Number.parseInt(text, 10);
    if (!Number.isInteger(value) || value < 0) {
        console.error(`${name} needs a non-negative integer`);
        process.exit(2);
    }
    return value;
}

const flag = (name) => process.argv.indexOf(name) >= 0;
const variableCount = optionalInt("--variables") ?? 0;
const rateMs = optionalInt("--rate-ms") ?? 1000;
const counterMs = optionalInt("--counter-ms");
const user = argument("--user", "");
const password = argument("--password", "");
const operationLimits = {};
for (const [option, key] of [
    ["--max-nodes-per-read", "maxNodesPerRead"],
    ["--max-nodes-per-browse", "maxNodesPerBrowse"],
    ["--max-nodes-per-write", "maxNodesPerWrite"],
    ["--max-monitored-items-per-call", "maxMonitoredItemsPerCall"],
]) {
    const value = optionalInt(option);
    if (value !== undefined) {
        operationLimits[key] = value;
    }
}

// Nodes for our client's tests; nothing here exists unless its option was given.
function addTestNodes(namespace, objects) {
    const timers = [];
    if (variableCount > 0) {
        const bulk = namespace.addFolder(objects, { browseName: "Bulk", nodeId: "s=Bulk" });
        let tick = 0;
        timers.push(setInterval(() => { tick++; }, rateMs));
        for (let i = 0; i < variableCount; i++) {
            namespace.addVariable({
                componentOf: bulk,
                browseName: `V${i}`,
                nodeId: `s=Bulk.${i}`,
                dataType: "Double",
                minimumSamplingInterval: Math.min(rateMs, 100),
                value: { get: () => new Variant({ dataType: DataType.Double, value: tick + i }) },
            });
        }
    }
    if (counterMs !== undefined) {
        // Every increment is a change the server reports (sampling interval 0 = on change): a client that sees
        // every value in sequence lost nothing.
        const counter = namespace.addVariable({
            organizedBy: objects,
            browseName: "Counter",
            nodeId: "s=Counter",
            dataType: "UInt32",
            minimumSamplingInterval: 0,
            value: new Variant({ dataType: DataType.UInt32, value: 0 }),
        });
        let value = 0;
        timers.push(setInterval(() => {
            value++;
            counter.setValueFromSource(new Variant({ dataType: DataType.UInt32, value }));
        }, Math.max(counterMs, 1)));
    }
    if (flag("--large-array")) {
        const item = "x".repeat(64);
        namespace.addVariable({
            organizedBy: objects,
            browseName: "LargeArray",
            nodeId: "s=LargeArray",
            dataType: "String",
            valueRank: 1,
            arrayDimensions: [20000],
            value: new Variant({ dataType: DataType.String, arrayType: VariantArrayType.Array, value: Array.from({ length: 20000 }, (_, i) => `${i}:${item}`) }),
        });
    }
    if (flag("--writable")) {
        namespace.addVariable({
            organizedBy: objects,
            browseName: "Writable",
            nodeId: "s=Writable",
            dataType: "Double",
            accessLevel: "CurrentRead | CurrentWrite",
            userAccessLevel: "CurrentRead | CurrentWrite",
            value: new Variant({ dataType: DataType.Double, value: 0 }),
        });
    }
    return timers;
}

function addMachine(namespace, line, index) {
    const name = `Machine${index}`;
    const machine = namespace.addObject({ organizedBy: line, browseName: name, nodeId: `s=Line1.${name}` });
    const id = (variable) => `s=Line1.${name}.${variable}`;

    // Temperature changes on its own so that reads and subscriptions see fresh values.
    let temperature = 20 + index;
    namespace.addVariable({
        componentOf: machine,
        browseName: "Temperature",
        nodeId: id("Temperature"),
        dataType: "Double",
        minimumSamplingInterval: 100,
        value: { get: () => new Variant({ dataType: DataType.Double, value: temperature }) },
    });
    const timer = setInterval(() => {
        temperature = 20 + index + 5 * Math.sin(Date.now() / 2000);
    }, 100);

    namespace.addVariable({
        componentOf: machine,
        browseName: "Counter",
        nodeId: id("Counter"),
        dataType: "Int32",
        value: new Variant({ dataType: DataType.Int32, value: index * 100 }),
    });
    namespace.addVariable({
        componentOf: machine,
        browseName: "State",
        nodeId: id("State"),
        dataType: "String",
        value: new Variant({ dataType: DataType.String, value: "Running" }),
    });
    namespace.addVariable({
        componentOf: machine,
        browseName: "Running",
        nodeId: id("Running"),
        dataType: "Boolean",
        value: new Variant({ dataType: DataType.Boolean, value: true }),
    });
    return timer;
}

async function main() {
    fs.mkdirSync(pki, { recursive: true });
    const serverCertificateManager = new OPCUACertificateManager({
        rootFolder: path.join(pki, "server"),
        automaticallyAcceptUnknownCertificate: true,
    });
    const userCertificateManager = new OPCUACertificateManager({
        rootFolder: path.join(pki, "user"),
        automaticallyAcceptUnknownCertificate: true,
    });

    const server = new OPCUAServer({
        port,
        host: "127.0.0.1",
        hostname: "127.0.0.1",
        serverCertificateManager,
        userCertificateManager,
        securityPolicies: [SecurityPolicy.None],
        securityModes: [MessageSecurityMode.None],
        allowAnonymous: true,
        ...(user ? { userManager: { isValidUser: (name, pw) => name === user && pw === password } } : {}),
        // With the counter, MinSupportedSampleRate 0: node-opcua then reports every change of a 0 ms variable instead of
        // coalescing changes over its default rate, so a client can check that it saw every value.
        ...(Object.keys(operationLimits).length > 0 || counterMs !== undefined
            ? { serverCapabilities: { operationLimits, ...(counterMs !== undefined ? { minSupportedSampleRate: 0 } : {}) } }
            : {}),
        buildInfo: { productName: "IIoT interop test server", manufacturerName: "IIoT tests" },
    });
    await server.initialize();
    if (user) {
        // OPCUAServer does not pass allowUnsecurePassword on to its endpoints (a TODO in node-opcua 2.186), so the
        // clear-text user name policy a SecurityPolicy None client can use is added here.
        for (const endpoint of server.endpoints) {
            for (const description of endpoint.endpointDescriptions()) {
                description.userIdentityTokens.push(new UserTokenPolicy({
                    policyId: "username_unsecure",
                    tokenType: UserTokenType.UserName,
                    securityPolicyUri: null,
                }));
            }
        }
    }

    const namespace = server.engine.addressSpace.registerNamespace(Namespace);
    const line = namespace.addFolder(server.engine.addressSpace.rootFolder.objects, {
        browseName: "Line1",
        nodeId: "s=Line1",
    });
    const timers = [1, 2, 3].map((index) => addMachine(namespace, line, index));
    timers.push(...addTestNodes(namespace, server.engine.addressSpace.rootFolder.objects));

    if (flag("--log-sessions")) {
        server.on("session_closed", (_session, deleteSubscriptions) => {
            process.stdout.write(`SESSION_CLOSED ${deleteSubscriptions}\n`);
        });
    }

    await server.start();
    const endpointUrl = server.getEndpointUrl();
    process.stdout.write(`READY ${endpointUrl}\n`);

    let stopping = false;
    const stop = async () => {
        if (stopping) {
            return;
        }
        stopping = true;
        timers.forEach(clearInterval);
        try {
            await server.shutdown(0);
            process.exit(0);
        } catch (err) {
            console.error(`shutdown failed: ${err}`);
            process.exit(1);
        }
    };
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
}

main().catch((err) => {
    console.error(`node-opcua server failed: ${err && err.stack ? err.stack : err}`);
    process.exit(1);
});
