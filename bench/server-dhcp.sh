#!/usr/bin/env bash
# A DHCP herd: 1,000 distinct clients at once from ISC's perfdhcp (as a relay), against lobos
# server, ISC Kea (kea-dhcp4, memfile leases) and dnsmasq, in one run (not a unit test).
#   bench/server-dhcp.sh [CLIENTS [ROUNDS]]   (default 1000 clients, 3 rounds; needs root, iproute2,
#                                              kea-dhcp4-server, kea-admin (perfdhcp), dnsmasq, bc)
#   SERVERS="lobos kea" bench/server-dhcp.sh   (a subset; dnsmasq's rounds take a minute each)
# Two network namespaces made here: the server's (a bridge, 198.18.0.1/16) and perfdhcp's
# (198.18.0.2/16, a veth on the bridge). 198.18.0.0/15 is RFC 2544's range for benchmarking
# network devices: it exists only inside these namespaces. perfdhcp relays (giaddr 198.18.0.2),
# so every server answers from the pool 198.18.1.0 - 198.18.8.255 of 198.18.0.0/16.
# perfdhcp's avalanche scenario starts every client at once, each retransmitting until it has
# its lease; the herd time is perfdhcp's time to the last ACK ("It took ... to provision"), and
# a server that has not acknowledged every client after 60 s is reported with how many it did. Each server starts with no
# leases and persists each one: lobos in SQLite (WAL), Kea in its memfile CSV, dnsmasq in its
# lease file (--no-ping, --dhcp-lease-max raised). Medians of ROUNDS interleaved rounds.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$here/scripts/java-home.sh"
. "$here/bench/lib.sh"
lobos_find_java
clients=${1:-1000}
read -r -a servers <<<"${SERVERS:-lobos kea dnsmasq}"
rounds=${2:-3}

(cd "$here" && ./lobos --version >/dev/null) # builds target/lobos.jar when needed
java=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -jar "$here/target/lobos.jar")

work=$(mktemp -d)
ns_s="lobos-bench-herd-$$-s"
ns_c="lobos-bench-herd-$$-c"
server_pid=""
stop_server() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  server_pid=""
  wait_free67
}
cleanup() {
  stop_server
  ip netns del "$ns_s" 2>/dev/null || true
  ip netns del "$ns_c" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

bench_bridge_pair "$ns_s" "$ns_c" 198.18.0.1/16
ip -n "$ns_c" addr add 198.18.0.2/16 dev vc
ip -n "$ns_c" link set vc up

in_s() { ip netns exec "$ns_s" "$@"; }
wait_udp67() { for _ in $(seq 400); do in_s grep -q ":0043 " /proc/net/udp && return; sleep 0.05; done; echo "no server on port 67" >&2; exit 1; }
wait_free67() { for _ in $(seq 400); do in_s grep -q ":0043 " /proc/net/udp || return 0; sleep 0.05; done; echo "port 67 still taken" >&2; exit 1; }

start_lobos() {
  rm -rf "$work/lobos"; mkdir -p "$work/lobos"
  cat > "$work/lobos/server.yaml" <<CONF
server: {http: 198.18.0.1:8080, tftp: off, unknown: menu}
dhcp:
  interfaces: [br0]
  subnets:
    - {network: 198.18.0.0/16, ranges: [198.18.1.0 - 198.18.8.255], router: 198.18.0.1, lease: 1h}
CONF
  # ip netns exec itself (not a function, whose subshell would be the pid): it execs the server, so $! is the server
  ip netns exec "$ns_s" "${java[@]}" server --config "$work/lobos/server.yaml" > "$work/lobos.log" 2>&1 &
  server_pid=$!
  wait_udp67
  for _ in $(seq 200); do grep -q "serving" "$work/lobos.log" && break; sleep 0.05; done
}
start_kea() {
  rm -rf "$work/kea"; mkdir -p "$work/kea"
  cat > "$work/kea/kea.json" <<CONF
{ "Dhcp4": {
    "interfaces-config": { "interfaces": [ "br0" ], "dhcp-socket-type": "udp" },
    "lease-database": { "type": "memfile", "persist": true, "name": "$work/kea/leases.csv", "lfc-interval": 0 },
    "valid-lifetime": 3600,
    "subnet4": [ { "id": 1, "subnet": "198.18.0.0/16", "pools": [ { "pool": "198.18.1.0 - 198.18.8.255" } ],
                   "option-data": [ { "name": "routers", "data": "198.18.0.1" } ] } ],
    "loggers": [ { "name": "kea-dhcp4", "output_options": [ { "output": "$work/kea/kea.log" } ], "severity": "WARN" } ]
} }
CONF
  KEA_PIDFILE_DIR="$work/kea" KEA_LOCKFILE_DIR="$work/kea" ip netns exec "$ns_s" /usr/sbin/kea-dhcp4 -c "$work/kea/kea.json" > "$work/kea.out" 2>&1 &
  server_pid=$!
  wait_udp67
}
start_dnsmasq() {
  rm -rf "$work/dnsmasq"; mkdir -p "$work/dnsmasq"
  ip netns exec "$ns_s" /usr/sbin/dnsmasq --no-daemon --conf-file=/dev/null --port=0 --interface=br0 --bind-interfaces --no-ping \
    --dhcp-range=198.18.1.0,198.18.8.255,255.255.0.0,1h --dhcp-option=option:router,198.18.0.1 \
    --dhcp-lease-max=100000 --dhcp-leasefile="$work/dnsmasq/leases" --pid-file="$work/dnsmasq/pid" > "$work/dnsmasq.log" 2>&1 &
  server_pid=$!
  wait_udp67
}

declare -A herds
declare -A leased
limit=60
herd() {
  local name=$1 out took got
  "start_$name"
  # SIGINT at the limit: perfdhcp then prints its report, with the ACKs it got
  out=$(ip netns exec "$ns_c" timeout -s INT "$limit" perfdhcp -4 --scenario avalanche -R "$clients" -l 198.18.0.2 198.18.0.1 2>&1) || true
  stop_server
  got=$(awk '/Statistics for: REQUEST-ACK/ {s=1} s && /received packets:/ {print $3; exit}' <<<"$out")
  leased[$name]+="${got:-0} "
  # "It took 00:00:02.832648 to provision 1000 clients." (only true when every client got its ACK)
  took=$(sed -n "s/^It took \([0-9]*\):\([0-9]*\):\([0-9.]*\) to provision .*/\1 \2 \3/p" <<<"$out")
  if [ "${got:-0}" -lt "$clients" ] || [ -z "$took" ]; then
    herds[$name]+="$limit "
    return
  fi
  read -r h m sec <<<"$took"
  herds[$name]+="$(echo "$h * 3600 + $m * 60 + $sec" | bc -l) "
}
for _ in $(seq "$rounds"); do
  for s in "${servers[@]}"; do herd "$s"; done
done

printf "%-44s %8s %10s %14s\n" "$clients clients at once (perfdhcp avalanche)" "herd s" "leases/s" "leased (median)"
for s in "${servers[@]}"; do
  w=$(median <<<"${herds[$s]}")
  n=$(median <<<"${leased[$s]}")
  if [ "$n" -lt "$clients" ]; then
    printf "%-44s %8s %10s %14s\n" "$s" "> $limit" "-" "$n of $clients"
  else
    printf "%-44s %8.2f %10.0f %14s\n" "$s" "$w" "$(echo "$clients / $w" | bc -l)" "$n"
  fi
done
[[ " ${servers[*]} " == *" lobos "* && " ${servers[*]} " == *" kea "* ]] && printf "lobos / Kea herd time: %.2fx (goal <= 1)\n" "$(echo "$(median <<<"${herds[lobos]}") / $(median <<<"${herds[kea]}")" | bc -l)"
