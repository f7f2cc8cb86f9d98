"use strict";
// node-opcua test CLIENT for the interop tests of our own OPC UA server (issue 3).
// Usage: node client.js --endpoint <opc.tcp url> --pki <folder> [--user <name> --password <pw>] [--max-refs <n>]
//                       [--max-retry <n>] --commands '<json array>'
// --max-retry: node-opcua's connectionStrategy.maxRetry (default 0 = no automatic reconnection; -1 = forever). With a value
// other than 0 node-opcua repairs a lost connection by itself (reactivate or recreate the session, republish/transfer).
// Connects with SecurityPolicy None / mode None, creates and activates a session (anonymous, or user name when --user is
// given), runs the commands in order on that session, closes the session and disconnects.
// Commands (JSON objects):
//   {"cmd":"session"}                                  -> {"sessionId": "...", "revisedSessionTimeout": n}
//   {"cmd":"browse-all","start":"i=84"}                -> every node reachable by forward references from start, with
//                                                         BrowseNext until no continuation point is left (the session's
//                                                         requestedMaxReferencesPerNode is --max-refs, default 0)
//   {"cmd":"read","nodes":[{"nodeId":"i=2255","attributeId":13}]} -> [{"status":"Good","dataType":"String","value":...}]
//   {"cmd":"read","nodes":[...],"summarize":true}      -> {"chunks": n, "bytes": n, "values": [{status, dataType, length,
//                                                         first, last, sum}]}: for replies too big to print (MSG chunks
//                                                         and bytes node-opcua received for this read)
//   {"cmd":"read-attributes","nodeId":"ns=2;s=X"}       -> attributes 1..27 of the node, one entry each
//   {"cmd":"write","nodeId":"...","dataType":"Double","value":1.5,"array":false} -> {"status":"Good"}
//   {"cmd":"server-status"}                            -> ServerStatus (i=2256) decoded by node-opcua
//   {"cmd":"subscribe", ...}                           -> one subscription with monitored items until a stop condition;
//                                                         see subscribe.js for the options and the summary
// "CONNECTED" is printed once connected. Every result is printed as one line "RESULT <json>" on stdout. Any failure prints "ERROR <message>" and exits 1.
// node-opcua keeps its PKI (client certificate, created on first use) below <folder>.

const path = require("path");
const fs = require("fs");
const {
    OPCUAClient,
    OPCUACertificateManager,
    MessageSecurityMode,
    SecurityPolicy,
    UserTokenType,
    AttributeIds,
    DataType,
    BrowseDirection,
    StatusCodes,
} = require("node-opcua");
const { subscribe } = require("./subscribe.js");

function argument(name) {
    const index = process.argv.indexOf(name);
    return index >= 0 && index + 1 < process.argv.length ? process.argv[index + 1] : undefined;
}

const endpoint = argument("--endpoint");
const pki = argument("--pki");
const user = argument("--user");
const password = argument("--password");
const maxRefs = Number.parseInt(argument("--max-refs") ?? "0", 10);
const maxRetry = Number.parseInt(argument("--max-retry") ?? "0", 10);
let commands;
try {
    commands = JSON.parse(argument("--commands") ?? "[]");
} catch (e) {
    console.log(`ERROR --commands is not JSON: ${e.message}`);
    process.exit(2);
}
if (!endpoint || !pki || !Array.isArray(commands)) {
    console.log("ERROR usage: node client.js --endpoint <url> --pki <folder> --commands '<json array>'");
    process.exit(2);
}

function emit(value) {
    console.log("RESULT " + JSON.stringify(value, (key, v) => (typeof v === "bigint" ? v.toString() : v)));
}

// node-opcua prints namespace 0 as "ns=0;i=85" for ExpandedNodeIds; the usual text form is "i=85".
function nodeIdText(nodeId) {
    return nodeId.toString().replace(/^ns=0;/, "");
}

function statusName(statusCode) {
    return statusCode.name ?? statusCode.toString();
}

// Plain JSON for a node-opcua value: numbers, strings, arrays, and toString() for the rest (NodeId, QualifiedName...).
function plain(value) {
    if (value === null || value === undefined) {
        return null;
    }
    if (Array.isArray(value) || ArrayBuffer.isView(value)) {
        return Array.from(value, plain);
    }
    if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") {
        return value;
    }
    if (value instanceof Date) {
        return value.toISOString();
    }
    if (Buffer.isBuffer(value)) {
        return value.toString("base64");
    }
    if (value.text !== undefined && value.locale !== undefined) {
        return value.text; // LocalizedText
    }
    if (typeof value.toJSON === "function" && value.constructor && value.constructor.name !== "Object" && value.schema) {
        return value.toJSON(); // a structure such as ServerStatusDataType
    }
    return nodeIdText(value);
}

function describe(dataValue) {
    const variant = dataValue.value;
    return {
        status: statusName(dataValue.statusCode),
        dataType: variant ? DataType[variant.dataType] : null,
        arrayType: variant ? variant.arrayType : null,
        value: variant ? plain(variant.value) : null,
        sourceTimestamp: dataValue.sourceTimestamp ? dataValue.sourceTimestamp.toISOString() : null,
        serverTimestamp: dataValue.serverTimestamp ? dataValue.serverTimestamp.toISOString() : null,
    };
}

// A value reduced to its shape and a checksum, so a megabyte array does not have to go through stdout.
function summarize(dataValue) {
    const variant = dataValue.value;
    const value = variant ? variant.value : null;
    const isArray = Array.isArray(value) || ArrayBuffer.isView(value);
    const array = isArray ? Array.from(value) : [value];
    const numbers = array.filter((v) => typeof v === "number");
    return {
        status: statusName(dataValue.statusCode),
        dataType: variant ? DataType[variant.dataType] : null,
        length: isArray ? array.length : null,
        first: plain(array[0] ?? null),
        last: plain(array[array.length - 1] ?? null),
        sum: numbers.reduce((a, b) => a + b, 0),
    };
}

const received = { chunks: 0, bytes: 0 };

async function browseAll(session, start) {
    const seen = new Set([start]);
    const queue = [start];
    let references = 0;
    let browseNextCalls = 0;
    let continuationPoints = 0;
    const errors = [];
    while (queue.length > 0) {
        const nodeId = queue.shift();
        let result = await session.browse({
            nodeId,
            referenceTypeId: "i=31", // References, with every subtype
            includeSubtypes: true,
            browseDirection: BrowseDirection.Forward,
            nodeClassMask: 0,
            resultMask: 63,
        });
        const collected = [];
        for (;;) {
            if (result.statusCode !== StatusCodes.Good) {
                errors.push(`${nodeId}: ${statusName(result.statusCode)}`);
                break;
            }
            collected.push(...(result.references ?? []));
            if (!result.continuationPoint || result.continuationPoint.length === 0) {
                break;
            }
            continuationPoints++;
            browseNextCalls++;
            result = await session.browseNext(result.continuationPoint, false);
        }
        for (const reference of collected) {
            references++;
            const target = nodeIdText(reference.nodeId);
            if (!seen.has(target)) {
                seen.add(target);
                queue.push(target);
            }
        }
    }
    return { nodes: seen.size, references, browseNextCalls, continuationPoints, errors, nodeIds: Array.from(seen) };
}

async function run(client, session, command) {
    switch (command.cmd) {
        case "subscribe":
            return subscribe(client, session, command, { describe, statusName, nodeIdText });
        case "session":
            return { sessionId: session.sessionId.toString(), revisedSessionTimeout: session.timeout };
        case "browse-all":
            return browseAll(session, command.start ?? "i=84");
        case "read": {
            const chunksBefore = received.chunks;
            const bytesBefore = received.bytes;
            const values = await session.read(command.nodes.map((n) => ({ nodeId: n.nodeId, attributeId: n.attributeId ?? AttributeIds.Value })));
            if (!command.summarize) {
                return values.map(describe);
            }
            return { chunks: received.chunks - chunksBefore, bytes: received.bytes - bytesBefore, values: values.map(summarize) };
        }
        case "read-attributes": {
            const nodes = [];
            for (let attributeId = 1; attributeId <= 27; attributeId++) {
                nodes.push({ nodeId: command.nodeId, attributeId });
            }
            const values = await session.read(nodes);
            return values.map((v, i) => ({ attributeId: i + 1, ...describe(v) }));
        }
        case "write": {
            const status = await session.write({
                nodeId: command.nodeId,
                attributeId: AttributeIds.Value,
                value: { value: { dataType: DataType[command.dataType], arrayType: command.array ? 1 : 0, value: command.value } },
            });
            return { status: statusName(status) };
        }
        case "server-status": {
            const [status] = await session.read([{ nodeId: "i=2256", attributeId: AttributeIds.Value }]);
            const value = status.value.value;
            return {
                status: statusName(status.statusCode),
                state: value ? value.state : null,
                startTime: value && value.startTime ? value.startTime.toISOString() : null,
                currentTime: value && value.currentTime ? value.currentTime.toISOString() : null,
                productUri: value && value.buildInfo ? value.buildInfo.productUri : null,
            };
        }
        default:
            throw new Error(`unknown command ${command.cmd}`);
    }
}

async function main() {
    fs.mkdirSync(pki, { recursive: true });
    const clientCertificateManager = new OPCUACertificateManager({ rootFolder: path.join(pki, "client"), automaticallyAcceptUnknownCertificate: true });
    const client = OPCUAClient.create({
        applicationName: "iiot-node-opcua-test-client",
        clientCertificateManager,
        securityMode: MessageSecurityMode.None,
        securityPolicy: SecurityPolicy.None,
        endpointMustExist: false,
        connectionStrategy: { maxRetry, initialDelay: 100, maxDelay: 200 },
        requestedSessionTimeout: 60000,
        keepSessionAlive: false,
    });
    client.on("backoff", (retry, delay) => console.error(`backoff ${retry} ${delay}`));
    client.on("receive_chunk", (chunk) => {
        received.chunks++;
        received.bytes += chunk.length;
    });
    await client.connect(endpoint);
    // The PKI (client certificate) exists from here on: NodeOpcuaClient lets the next client start.
    console.log("CONNECTED");
    try {
        const identity = user ? { type: UserTokenType.UserName, userName: user, password } : { type: UserTokenType.Anonymous };
        const session = await client.createSession(identity);
        session.requestedMaxReferencesPerNode = maxRefs;
        try {
            for (const command of commands) {
                emit(await run(client, session, command));
            }
        } finally {
            await session.close(true);
        }
    } finally {
        await client.disconnect();
    }
}

main().then(
    () => process.exit(0),
    (error) => {
        console.log(`ERROR ${(error && error.message ? error.message : String(error)).replace(/\s+/g, " ")}`);
        process.exit(1);
    },
);
