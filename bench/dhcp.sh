#!/usr/bin/env bash
# Link up to lease: lobos's DHCP client against busybox udhcpc, the same dnsmasq, one run (not a unit test).
#   bench/dhcp.sh [ROUNDS]   (default 10; needs root, iproute2, dnsmasq, busybox, bc)
# Two network namespaces made here (192.0.2.0/24, deleted at the end): dnsmasq (--no-ping)
# serves a bridge; the client's veth is set down before every run. udhcpc's time is the wall
# time of `ip link set up` plus `udhcpc -q -n -f` (it exits with the lease); lobos's is its own
# "seconds", from setting the link up to the ACK, in a JVM already started (as in the loader:
# the JVM runs before the network step), printed by `lobos dhcp --json`: once cold (the first
# netlink socket and DHCP message in the JVM), once after the warm-up the loader does while it
# loads modules (--warm-up). Wall times, with the JVM's start, are shown too. Medians of ROUNDS
# interleaved runs.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$here/scripts/java-home.sh"
. "$here/bench/lib.sh"
lobos_find_java
rounds=${1:-10}

(cd "$here" && ./lobos --version >/dev/null) # builds target/lobos.jar when needed
java=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar "$here/target/lobos.jar")

work=$(mktemp -d)
ns_s="lobos-bench-dhcp-$$-s"
ns_c="lobos-bench-dhcp-$$-c"
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  ip netns del "$ns_s" 2>/dev/null || true
  ip netns del "$ns_c" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

bench_bridge_pair "$ns_s" "$ns_c" 192.0.2.1/24 52:54:00:12:34:56
ip netns exec "$ns_s" /usr/sbin/dnsmasq --no-daemon --conf-file=/dev/null --port=0 --interface=br0 --bind-interfaces \
  --no-ping --dhcp-range=192.0.2.50,192.0.2.99,255.255.255.0,1h --dhcp-option=option:router,192.0.2.1 \
  --dhcp-leasefile="$work/leases" > "$work/dnsmasq.log" 2>&1 &
server_pid=$!
for _ in $(seq 200); do ip netns exec "$ns_s" grep -q ":0043 " /proc/net/udp && break; sleep 0.05; done

in_client() { ip netns exec "$ns_c" "$@"; }
declare -a lobos_link lobos_warm lobos_wall udhcpc_wall
for _ in $(seq "$rounds"); do
  in_client ip link set vc down
  out=$(in_client "${java[@]}" dhcp vc --json --no-configure --timeout 30 --warm-up 2>/dev/null)
  lobos_warm+=("$(sed -n 's/^  "seconds": \([0-9.]*\).*/\1/p' <<<"$out")")

  in_client ip link set vc down
  t0=$(date +%s.%N)
  out=$(in_client "${java[@]}" dhcp vc --json --no-configure --timeout 30 2>/dev/null)
  t1=$(date +%s.%N)
  lobos_link+=("$(sed -n 's/^  "seconds": \([0-9.]*\).*/\1/p' <<<"$out")")
  lobos_wall+=("$(echo "$t1 - $t0" | bc -l)")

  in_client ip link set vc down
  t0=$(date +%s.%N)
  in_client ip link set vc up
  in_client busybox udhcpc -i vc -q -n -f -t 10 -T 1 -s /bin/true >/dev/null 2>&1
  t1=$(date +%s.%N)
  udhcpc_wall+=("$(echo "$t1 - $t0" | bc -l)")
done

l=$(printf '%s\n' "${lobos_link[@]}" | median)
w=$(printf '%s\n' "${lobos_warm[@]}" | median)
lw=$(printf '%s\n' "${lobos_wall[@]}" | median)
u=$(printf '%s\n' "${udhcpc_wall[@]}" | median)
printf "%-44s %10s\n" "client (dnsmasq --no-ping, $rounds rounds)" "median s"
printf "%-44s %10.3f\n" "busybox udhcpc: link up to lease" "$u"
printf "%-44s %10.3f   %.2fx udhcpc\n" "lobos dhcp: link up to lease, cold JVM" "$l" "$(echo "$l / $u" | bc -l)"
printf "%-44s %10.3f   %.2fx udhcpc\n" "lobos dhcp: link up to lease, warmed up" "$w" "$(echo "$w / $u" | bc -l)"
printf "%-44s %10.3f\n" "lobos dhcp: wall, with JVM start" "$lw"
