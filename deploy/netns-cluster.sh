#!/usr/bin/env bash
# A coordinator and N nodes on this machine, each in its own network namespace (a "host" with its
# own IP on a private /24), so that a node can be cut off from the coordinator while it keeps
# running: what deploy/local-cluster.sh (loopback) cannot do. Needs root and iproute2 (`ip`).
#
# Usage: deploy/netns-cluster.sh [N=2] [DIR=.sweep-netns]  a cluster; Ctrl-C stops it and removes its namespaces
#        deploy/netns-cluster.sh --up PREFIX N             only the network, for N nodes; prints "subnet A.B.C"
#        deploy/netns-cluster.sh --partition PREFIX HOST   cuts HOST (node1, ..., coord) off the network; --heal PREFIX HOST undoes it
#        deploy/netns-cluster.sh --cleanup [PREFIX]        removes the network PREFIX (killing what runs in it), or
#                                                          without PREFIX every swn* network no process runs in
#                                                          (leftovers of crashed runs; live ones are kept)
# Needs a built CLI for the first form: dotnet build src/Cli (or set SWEEP="sweep").
#
# Layout of a network PREFIX (swn + 6 hex digits unless given; SUBNET=10.213.X picked free unless set):
#   PREFIX-sw     a "switch" namespace: bridge br0 with one veth port per host (coord, node1, ..., host)
#   PREFIX-coord  the coordinator's host: eth0 = SUBNET.2
#   PREFIX-nodeI  node I's host: eth0 = SUBNET.(2+I)
#   this machine  veth PREFIX-h = SUBNET.1: clients here reach the coordinator at http://SUBNET.2:PORT
# The bridge sits in its own namespace, not this machine's, so that this machine's firewall
# (e.g. Docker's FORWARD policy DROP with br_netfilter) cannot filter the cluster's traffic.
# A partition disables HOST's bridge port (`bridge -n PREFIX-sw link set dev HOST state 0`, healed
# with state 3): frames to and from it are dropped silently in the middle of the network while its
# own link stays up, as when a switch or router between machines fails. (`ip link set ... down`
# would instead show the host "no carrier", and its kernel would fail its sends at once and retry
# every 0.5 s, which hides how long TCP takes to notice a real partition.)
set -euo pipefail
FAMILY=swn

ns_of() { ip netns list | awk '{print $1}' | grep "^$1-" || true; }

# Removes the network PREFIX: SIGKILLs what still runs in its namespaces, deletes them (their veths
# go with them) and this machine's end of the host link.
down() {
  local prefix=$1 ns pids
  for ns in $(ns_of "$prefix"); do
    pids=$(ip netns pids "$ns" 2>/dev/null || true)
    [ -z "$pids" ] || kill -9 $pids 2>/dev/null || true
    ip netns del "$ns" 2>/dev/null || true
  done
  ip link del "$prefix-h" 2>/dev/null || true
}

cleanup_idle() {
  local prefix ns busy
  for prefix in $( (ip netns list | awk '{print $1}'; ip -o link show | awk -F': ' '{print $2}' | cut -d@ -f1) \
      | sed -n "s/^\($FAMILY[^-]*\)-.*/\1/p" | sort -u); do
    busy=""
    for ns in $(ns_of "$prefix"); do
      [ -z "$(ip netns pids "$ns" 2>/dev/null)" ] || busy="$ns"
    done
    if [ -n "$busy" ]; then
      echo "kept $prefix: processes still run in $busy"
    else
      down "$prefix"
      echo "removed $prefix"
    fi
  done
}

# A free 10.213.X (no route of this machine's covers it), or $SUBNET.
pick_subnet() {
  if [ -n "${SUBNET:-}" ]; then echo "$SUBNET"; return; fi
  local x
  for _ in $(seq 1 50); do
    x=$((RANDOM % 254 + 1))
    if [ -z "$(ip -4 route show to match "10.213.$x.1" | grep -v '^default')" ]; then
      echo "10.213.$x"
      return
    fi
  done
  echo "no free 10.213.X/24 subnet" >&2
  exit 1
}

# A host namespace PREFIX-NAME with eth0 = ADDRESS/24, plugged into the switch as port NAME.
add_host() {
  local prefix=$1 name=$2 address=$3
  ip netns add "$prefix-$name"
  ip -n "$prefix-$name" link set lo up
  ip -n "$prefix-sw" link add "$name" type veth peer name eth0 netns "$prefix-$name"
  ip -n "$prefix-sw" link set "$name" master br0 up
  ip -n "$prefix-$name" addr add "$address/24" dev eth0
  ip -n "$prefix-$name" link set eth0 up
}

up() {
  local prefix=$1 n=$2 subnet i
  case "$prefix" in "$FAMILY"*) ;; *) echo "PREFIX must start with $FAMILY" >&2; exit 2 ;; esac
  [ ${#prefix} -le 12 ] || { echo "PREFIX is at most 12 characters (interface names)" >&2; exit 2; }
  subnet=$(pick_subnet)
  ip netns add "$prefix-sw"
  ip -n "$prefix-sw" link add br0 type bridge
  ip -n "$prefix-sw" link set br0 up
  ip link add "$prefix-h" type veth peer name host netns "$prefix-sw"
  ip -n "$prefix-sw" link set host master br0 up
  ip addr add "$subnet.1/24" dev "$prefix-h"
  ip link set "$prefix-h" up
  add_host "$prefix" coord "$subnet.2"
  for i in $(seq 1 "$n"); do
    add_host "$prefix" "node$i" "$subnet.$((2 + i))"
  done
  echo "subnet $subnet"
}

case "${1:-}" in
  --up) up "$2" "$3"; exit 0 ;;
  --partition) bridge -n "$2-sw" link set dev "$3" state 0; exit 0 ;;
  --heal) bridge -n "$2-sw" link set dev "$3" state 3; exit 0 ;;
  --cleanup) if [ -n "${2:-}" ]; then down "$2"; else cleanup_idle; fi; exit 0 ;;
  -h|--help) sed -n '2,28p' "$0"; exit 0 ;;
esac

N=${1:-2}
DIR=${2:-.sweep-netns}
PORT=${PORT:-7878}
SWEEP=${SWEEP:-"dotnet $(cd "$(dirname "$0")/.." && pwd)/src/Cli/bin/Debug/net10.0/sweep.dll"}
PREFIX=${PREFIX:-$FAMILY$(head -c 3 /dev/urandom | od -An -tx1 | tr -d ' \n')}
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
[ -f "$DIR/cluster.token" ] || head -c 32 /dev/urandom | base64 > "$DIR/cluster.token"
[ -f "$DIR/client.token" ] || head -c 32 /dev/urandom | base64 > "$DIR/client.token"
chmod 600 "$DIR"/*.token
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait; down "$PREFIX"' EXIT
trap 'exit 130' INT TERM
SUBNET=$(up "$PREFIX" "$N" | awk '/^subnet /{print $2}')
URL="http://$SUBNET.2:$PORT"
ip netns exec "$PREFIX-coord" $SWEEP coordinator --db "sqlite:$DIR/cluster.db" --listen "$URL" \
  --token-file "$DIR/cluster.token" --client-token-file "$DIR/client.token" > "$DIR/coordinator.out" 2>&1 &
pids+=($!)
until grep -q "listening on" "$DIR/coordinator.out" 2>/dev/null; do
  kill -0 "${pids[0]}" 2>/dev/null || { cat "$DIR/coordinator.out"; exit 1; }
  sleep 0.2
done
for i in $(seq 1 "$N"); do
  ip netns exec "$PREFIX-node$i" $SWEEP node --coordinator "$URL" --node-id "node$i" --slots 2 \
    --work-dir "$DIR/work-node$i" --token-file "$DIR/cluster.token" > "$DIR/node$i.out" 2>&1 &
  pids+=($!)
done
echo "network $PREFIX: coordinator $URL in namespace $PREFIX-coord, $N nodes in $PREFIX-node1..$N; clients:"
echo "  export SWEEP_COORDINATOR=$URL SWEEP_TOKEN=\$(cat $DIR/client.token)"
echo "  sweep submit examples/quickstart.yaml && sweep status"
echo "partition node 1: $0 --partition $PREFIX node1   (heal: --heal $PREFIX node1)"
wait
