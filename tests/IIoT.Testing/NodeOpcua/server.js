"use strict";
// node-opcua test server for the interop tests of our own OPC UA stack (issue 3).
// Usage: node server.js --port <port> --pki <folder>   (or NODE_OPCUA_PORT / NODE_OPCUA_PKI)
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
        buildInfo: { productName: "IIoT interop test server", manufacturerName: "IIoT tests" },
    });
    await server.initialize();

    const namespace = server.engine.addressSpace.registerNamespace(Namespace);
    const line = namespace.addFolder(server.engine.addressSpace.rootFolder.objects, {
        browseName: "Line1",
        nodeId: "s=Line1",
    });
    const timers = [1, 2, 3].map((index) => addMachine(namespace, line, index));

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
