#!/usr/bin/env bash
# Benchmarks: buffer vs SQLite, InfluxDB's own ceiling vs our whole pipeline, latency, memory.
# Usage: ./bench.sh [all|influx|pipeline|buffer|micro|opcua] [--points N] [--latency-seconds N]
#        ./bench.sh opcua [--sizes 10000,100000] [--offered 100000 | --rate-ms R] [--publishing-ms 500] [--seconds 10] [--speedup 5]
#                         [--create-sizes 10000,50000,100000] [--create-repeat 3] [--no-saturation] [--no-node]
#        ./bench.sh gateway-opcua [--items 100000] [--rate-ms 1000] [--publishing-ms 1000] [--queue-size 2] [--warmup-seconds 10] [--seconds 60 | 1800 for the soak] [--heap-limit-mb 0=as shipped, 96] [--no-node]
#        ./bench.sh opcua-latency [--machines 500] [--tags 90] [--tick-ms 1000] [--sampling-ms 100] [--publishing-ms 250] [--warmup-seconds 15] [--seconds 60] [--probe-machines 3] [--poll-ms 20] [--heap-limit-mb 0]
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh test
dotnet build IIoT.sln -c Release -nologo -clp:ErrorsOnly
dotnet tools/IIoT.Bench/bin/Release/net10.0/IIoT.Bench.dll "$@"
