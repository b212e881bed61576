#!/usr/bin/env bash
# TFTP over a link with a round-trip delay: the lobos pair with negotiated blksize and
# windowsize against the tftp-hpa pair (not a unit test).
#   bench/tftp-rtt.sh [SIZE_MIB [ROUNDS [RTT_MS]]]   (default 4 MiB, 3 rounds, 1 ms; as root for
#                                                     in.tftpd -s; needs tftpd-hpa, tftp-hpa, bc)
# This kernel has no netem, so each server sits behind a relay (bench/tftp/DelayRelay.java, the
# tests' TestRelay.Udp) that holds every datagram RTT_MS/2 in each direction. tftp-hpa's client
# asks in.tftpd for 512-byte blocks in lock-step (it has no blksize option); lobos's client asks
# lobos's server for blksize 1468 and a window of 16 or 64 blocks. Wall time includes the JVM's
# start for lobos; "transfer" is lobos's own measure. Rounds are interleaved, each line is the
# median; every download is compared with the original.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$here/scripts/java-home.sh"
. "$here/bench/lib.sh"
lobos_find_java
size_mib=${1:-4}
rounds=${2:-3}
rtt_ms=${3:-1}

(cd "$here" && ./lobos --version >/dev/null) # builds target/lobos.jar when needed
[ -d "$here/target/test-classes/lobos" ] || (cd "$here" && ./mvnw -q -o test-compile)
java=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar "$here/target/lobos.jar")

work=$(mktemp -d)
pids=()
trap bench_cleanup EXIT

mkdir "$work/root"
head -c $((size_mib << 20)) /dev/urandom > "$work/root/file"

bench_tftp_servers "$work/root"

# a relay in front of each server; it prints the port it listens on
one_way_us=$((rtt_ms * 500))
relay() { # SERVER_PORT VARIABLE: starts a relay, sets VARIABLE to its port
  local out="$work/relay-$1"
  "$JAVA_HOME/bin/java" -cp "$here/target/test-classes" "$here/bench/tftp/DelayRelay.java" "$1" "$one_way_us" > "$out" &
  pids+=($!)
  for _ in $(seq 200); do [ -s "$out" ] && { printf -v "$2" '%s' "$(head -1 "$out")"; return; }; sleep 0.05; done
  echo "the relay to port $1 did not start" >&2
  exit 1
}
relay "$hpa_port" hpa_relay
relay "$lobos_port" lobos_relay

cases=(
  "tftp-hpa -> in.tftpd, 512||tftp 127.0.0.1 $hpa_relay -m binary -c get file out"
  "lobos -> in.tftpd, 512 (--plain)|tftp-hpa -> in.tftpd, 512|lobos tftp get 127.0.0.1:$hpa_relay file out --plain --json"
  "lobos -> lobos, blksize 1468, windowsize 16|tftp-hpa -> in.tftpd, 512|lobos tftp get 127.0.0.1:$lobos_relay file out --blksize 1468 --windowsize 16 --json"
  "lobos -> lobos, blksize 1468, windowsize 64|tftp-hpa -> in.tftpd, 512|lobos tftp get 127.0.0.1:$lobos_relay file out --blksize 1468 --windowsize 64 --json"
)
lobos() { "${java[@]}" "$@"; }

declare -A walls transfers
cd "$work"
bench_rounds "$rounds" root/file

bench_table 44 "client -> server, options (via relay)"
echo "file: $size_mib MiB, round trip $rtt_ms ms through the relays, median of $rounds rounds; 'vs peer': MiB/s (wall) against tftp-hpa"
