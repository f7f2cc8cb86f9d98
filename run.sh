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
# The site's calendar for the KPIs (shift and day windows, planned downtime outside shifts and in breaks).
SITE_TZ=${SITE_TZ:-Europe/Berlin}
state=.run
mkdir -p "$state/influxdb" "$state/gateway" "$state/logs" "$state/cloud-keys"

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
  --Cloud:Users:0:Name=demo --Cloud:Users:0:Password=demo --Cloud:Users:0:Tenant=demo \
  --Cloud:Dashboard:KeysDirectory="$PWD/$state/cloud-keys" \
  --Cloud:Kpi:Enabled=true --Cloud:Kpi:Interval=00:00:15 --Cloud:Kpi:BucketLength=00:01:00 \
  --Cloud:Kpi:Sites:0:Tenant=demo --Cloud:Kpi:Sites:0:Site=plant1 --Cloud:Kpi:Sites:0:TimeZone="$SITE_TZ" \
  --Cloud:Kpi:Sites:0:Shifts:0:Name=early --Cloud:Kpi:Sites:0:Shifts:0:Start=06:00 --Cloud:Kpi:Sites:0:Shifts:0:End=14:00 \
  --Cloud:Kpi:Sites:0:Shifts:1:Name=late --Cloud:Kpi:Sites:0:Shifts:1:Start=14:00 --Cloud:Kpi:Sites:0:Shifts:1:End=22:00 \
  --Cloud:Kpi:Sites:0:Shifts:2:Name=night --Cloud:Kpi:Sites:0:Shifts:2:Start=22:00 --Cloud:Kpi:Sites:0:Shifts:2:End=06:00 \
  --Cloud:Kpi:Sites:0:Breaks:0:Start=12:00 --Cloud:Kpi:Sites:0:Breaks:0:End=12:30 \
  > "$state/logs/cloud.log" 2>&1 & pids+=($!)

dotnet simulators/IIoT.Simulators/$bin/IIoT.Simulators.dll \
  --Simulator:Machines="$MACHINES" --Simulator:EmbeddedBroker:Enabled=true --Simulator:EmbeddedBroker:Port="$MQTT_PORT" \
  --Simulator:Broker:Host=127.0.0.1 --Simulator:Broker:Port="$MQTT_PORT" \
  --Simulator:PlannedStops:0:Name=break --Simulator:PlannedStops:0:Start=00:20:00 \
  --Simulator:PlannedStops:0:Duration=00:05:00 --Simulator:PlannedStops:0:Every=01:00:00 \
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
  dashboard   http://127.0.0.1:$CLOUD_PORT/   sign in as demo / demo (KPIs: 1 min buckets, updated every 15 s;
              site plant1 in $SITE_TZ, shifts 06-14, 14-22, 22-06, break 12:00-12:30; a planned stop of the
              line 20 min after start, then hourly)
  simulators  $MACHINES machines publishing JSON to the embedded MQTT broker on 127.0.0.1:$MQTT_PORT
  gateway     health http://127.0.0.1:$GATEWAY_PORT/healthz   metrics http://127.0.0.1:$GATEWAY_PORT/metrics
  cloud       health http://127.0.0.1:$CLOUD_PORT/healthz     metrics http://127.0.0.1:$CLOUD_PORT/metrics
  InfluxDB    http://127.0.0.1:$INFLUX_PORT, database "demo", for example:
    curl -sG http://127.0.0.1:$INFLUX_PORT/query --data-urlencode db=demo \\
      --data-urlencode "q=SELECT last(value) FROM temperature_c GROUP BY machine"
    KPIs: measurements kpi (windows 15m, 1h, shift, day) and kpi_rollup (buckets), e.g.
      --data-urlencode "q=SELECT last(oee) FROM kpi WHERE \"window\"='1h' GROUP BY level, line, machine"
Press Ctrl-C to stop.
INFO
wait -n "${pids[@]}" || true
echo "A process stopped; see $state/logs."
