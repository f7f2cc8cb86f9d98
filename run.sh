#!/usr/bin/env bash
# Runs the whole system on this machine: influxd -> cloud -> simulators (embedded MQTT broker) -> gateway.
# Installs influxdb if it is missing. Ctrl-C stops everything. Ports can be changed with the variables below.
set -euo pipefail
cd "$(dirname "$0")"
INFLUX_PORT=${INFLUX_PORT:-8086}
CLOUD_PORT=${CLOUD_PORT:-5080}
GATEWAY_PORT=${GATEWAY_PORT:-5081}
MQTT_PORT=${MQTT_PORT:-1883}
MACHINES=${MACHINES:-10}
state=.run
mkdir -p "$state/influxdb" "$state/gateway" "$state/logs"

scripts/install-deps.sh run
for port in "$INFLUX_PORT" "$CLOUD_PORT" "$GATEWAY_PORT" "$MQTT_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "Port $port is already in use (a system InfluxDB or MQTT broker?). Choose others, e.g." >&2
    echo "  INFLUX_PORT=18086 MQTT_PORT=11883 CLOUD_PORT=15080 GATEWAY_PORT=15081 ./run.sh" >&2
    exit 1
  fi
done
dotnet build IIoT.sln -c Release -nologo -clp:ErrorsOnly

pids=()
cleanup() {
  echo; echo "Stopping..."
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

cat > "$state/influxdb/influxdb.conf" <<CONF
reporting-disabled = true
bind-address = "127.0.0.1:$((INFLUX_PORT + 2))"
[meta]
  dir = "$PWD/$state/influxdb/meta"
[data]
  dir = "$PWD/$state/influxdb/data"
  wal-dir = "$PWD/$state/influxdb/wal"
  query-log-enabled = false
[http]
  bind-address = "127.0.0.1:$INFLUX_PORT"
  log-enabled = false
[monitor]
  store-enabled = false
CONF
influxd -config "$state/influxdb/influxdb.conf" > "$state/logs/influxd.log" 2>&1 & pids+=($!)
until curl -sf "http://127.0.0.1:$INFLUX_PORT/ping" >/dev/null; do sleep 0.5; done

bin=bin/Release/net10.0
dotnet cloud/IIoT.Cloud/$bin/IIoT.Cloud.dll --urls "http://127.0.0.1:$CLOUD_PORT" \
  --Cloud:Storage:Kind=InfluxV1 --Cloud:Storage:Url="http://127.0.0.1:$INFLUX_PORT" --Cloud:Storage:CreateDatabases=true \
  --Cloud:Tenants:0:Id=demo --Cloud:Tenants:0:Database=demo --Cloud:Tenants:0:Bucket=demo \
  --Cloud:Gateways:0:Id=gw-01 --Cloud:Gateways:0:Tenant=demo --Cloud:Gateways:0:ApiKey=local-dev-key-0001 \
  > "$state/logs/cloud.log" 2>&1 & pids+=($!)

dotnet simulators/IIoT.Simulators/$bin/IIoT.Simulators.dll \
  --Simulator:Machines="$MACHINES" --Simulator:EmbeddedBroker:Enabled=true --Simulator:EmbeddedBroker:Port="$MQTT_PORT" \
  --Simulator:Broker:Host=127.0.0.1 --Simulator:Broker:Port="$MQTT_PORT" \
  > "$state/logs/simulators.log" 2>&1 & pids+=($!)

dotnet gateway/IIoT.Gateway/$bin/IIoT.Gateway.dll --urls "http://127.0.0.1:$GATEWAY_PORT" \
  --Gateway:Id=gw-01 --Gateway:DataDirectory="$PWD/$state/gateway" \
  --Uplink:Urls:0="http://127.0.0.1:$CLOUD_PORT" --Uplink:ApiKey=local-dev-key-0001 \
  --Mqtt:Brokers:0:Name=line1 --Mqtt:Brokers:0:Host=127.0.0.1 --Mqtt:Brokers:0:Port="$MQTT_PORT" \
  --Mqtt:Brokers:0:ClientId=gw-01-line1 --Mqtt:Brokers:0:Subscriptions:0:Topic='factory/#' \
  --Mqtt:Brokers:0:Subscriptions:0:Rule=line-json \
  > "$state/logs/gateway.log" 2>&1 & pids+=($!)

cat <<INFO

Everything is running (logs in $state/logs):
  simulators  $MACHINES machines publishing JSON to the embedded MQTT broker on 127.0.0.1:$MQTT_PORT
  gateway     health http://127.0.0.1:$GATEWAY_PORT/healthz   metrics http://127.0.0.1:$GATEWAY_PORT/metrics
  cloud       health http://127.0.0.1:$CLOUD_PORT/healthz     metrics http://127.0.0.1:$CLOUD_PORT/metrics
  InfluxDB    http://127.0.0.1:$INFLUX_PORT, database "demo", for example:
    curl -sG http://127.0.0.1:$INFLUX_PORT/query --data-urlencode db=demo \\
      --data-urlencode "q=SELECT last(value) FROM temperature_c GROUP BY machine"
Press Ctrl-C to stop.
INFO
wait -n "${pids[@]}" || true
echo "A process stopped; see $state/logs."
