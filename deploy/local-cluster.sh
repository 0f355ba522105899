#!/usr/bin/env bash
# Starts a coordinator and N nodes on this machine (loopback), like tests/Cli.Tests/Cluster does.
# Usage: deploy/local-cluster.sh [N=2] [DIR=.sweep-cluster]   (Ctrl-C stops everything)
# Needs a built CLI: dotnet build src/Cli  (or set SWEEP="sweep" for an installed one).
set -euo pipefail
N=${1:-2}
DIR=${2:-.sweep-cluster}
PORT=${PORT:-7878}
SWEEP=${SWEEP:-"dotnet $(dirname "$0")/../src/Cli/bin/Debug/net10.0/sweep.dll"}
mkdir -p "$DIR"
[ -f "$DIR/cluster.token" ] || head -c 32 /dev/urandom | base64 > "$DIR/cluster.token"
[ -f "$DIR/client.token" ] || head -c 32 /dev/urandom | base64 > "$DIR/client.token"
chmod 600 "$DIR"/*.token
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait' EXIT INT TERM
$SWEEP coordinator --db "sqlite:$DIR/cluster.db" --listen "http://127.0.0.1:$PORT" \
  --token-file "$DIR/cluster.token" --client-token-file "$DIR/client.token" > "$DIR/coordinator.out" 2>&1 &
pids+=($!)
until grep -q "listening on" "$DIR/coordinator.out" 2>/dev/null; do sleep 0.2; done
for i in $(seq 1 "$N"); do
  $SWEEP node --coordinator "http://127.0.0.1:$PORT" --node-id "node$i" --slots 2 \
    --work-dir "$DIR/work-node$i" --token-file "$DIR/cluster.token" > "$DIR/node$i.out" 2>&1 &
  pids+=($!)
done
echo "coordinator http://127.0.0.1:$PORT with $N nodes; clients:"
echo "  export SWEEP_COORDINATOR=http://127.0.0.1:$PORT SWEEP_TOKEN=\$(cat $DIR/client.token)"
echo "  sweep submit examples/quickstart.yaml && sweep status"
wait
