#!/usr/bin/env bash
# The manager's HTTP: an 8 MiB kernel and a 32 MiB initrd to 50 clients at once, lobos server
# (Undertow) against nginx, and the JDK's own HTTP server (the other candidate for lobos server,
# bench/http/JdkFileServer.java), in one run (not a unit test).
#   bench/server-http.sh [BOOTS [ROUNDS]]   (default 400 boots, 3 rounds; needs nginx, curl, bc)
# Both serve the same two random files from one directory on 127.0.0.1 (nginx: one worker,
# sendfile on, access log off; lobos: `lobos server` with DHCP and TFTP off, its /files/).
# One curl process runs BOOTS boots (kernel then initrd each) with 50 transfers at once
# (--parallel-max 50) and writes nothing to disk. Each line is the median wall time of ROUNDS
# interleaved rounds, with the throughput and its ratio to nginx's. Also shown: the CPU seconds
# each server used over all rounds (from /proc), since the client shares the two cores.
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$here/scripts/java-home.sh"
. "$here/bench/lib.sh"
lobos_find_java
boots=${1:-400}
rounds=${2:-3}

(cd "$here" && ./lobos --version >/dev/null) # builds target/lobos.jar when needed
java=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -jar "$here/target/lobos.jar")

work=$(mktemp -d)
chmod 755 "$work"
pids=()
trap bench_cleanup EXIT

mkdir -m 755 "$work/files" "$work/nginx"
head -c $((8 << 20)) /dev/urandom > "$work/files/vmlinuz"
head -c $((32 << 20)) /dev/urandom > "$work/files/initrd.img"
chmod 644 "$work/files/"*

nginx_port=$(bench_free_port tcp)
bench_nginx "$work/nginx" 256 "  server { listen 127.0.0.1:$nginx_port; location /files/ { alias $work/files/; } }"

lobos_port=$(bench_free_port tcp)
cat > "$work/server.yaml" <<CONF
server: {http: 127.0.0.1:$lobos_port, tftp: off, files: files, unknown: menu}
CONF
"${java[@]}" server --config "$work/server.yaml" 2> "$work/lobos.log" &
pids+=($!)
lobos_pid=$!
bench_wait_listening tcp "$nginx_port"
for _ in $(seq 200); do grep -q "serving" "$work/lobos.log" && break; sleep 0.05; done

jdk_port=$(bench_free_port tcp)
"$JAVA_HOME/bin/java" "$here/bench/http/JdkFileServer.java" "$jdk_port" "$work/files" > "$work/jdk.log" 2>&1 &
pids+=($!)
jdk_pid=$!
for _ in $(seq 600); do grep -q serving "$work/jdk.log" && break; sleep 0.1; done # java compiles the source first

urls() {
  for _ in $(seq "$boots"); do
    printf 'url = "http://127.0.0.1:%s/files/vmlinuz"\noutput = "/dev/null"\n' "$1"
    printf 'url = "http://127.0.0.1:%s/files/initrd.img"\noutput = "/dev/null"\n' "$1"
  done > "$work/urls.$1"
}
urls "$nginx_port"
urls "$lobos_port"
urls "$jdk_port"
for p in "$lobos_port" "$jdk_port"; do curl -s -o /dev/null "http://127.0.0.1:$p/files/vmlinuz"; done # the JVMs' first request

cpu() { awk '{print ($14 + $15) / 100}' "/proc/$1/stat"; }
declare -A walls
declare -A cpu0
port_of() { case $1 in nginx) echo "$nginx_port";; lobos) echo "$lobos_port";; jdk-httpserver) echo "$jdk_port";; esac; }
for s in nginx lobos jdk-httpserver; do
  case $s in nginx) p=$nginx_pid;; lobos) p=$lobos_pid;; *) p=$jdk_pid;; esac
  if [ $s = nginx ]; then w=$(pgrep -P "$p" | head -1 || true); [ -n "$w" ] && p=$w; fi # nginx's worker does the work
  cpu0[$s]="$p $(cpu "$p")"
done
for _ in $(seq "$rounds"); do
  for s in nginx lobos jdk-httpserver; do
    port=$(port_of $s)
    t0=$(date +%s.%N)
    curl -s --fail --parallel --parallel-max 50 -K "$work/urls.$port" 2>/dev/null # its parallel progress meter ignores -s
    t1=$(date +%s.%N)
    walls[$s]+="$(echo "$t1 - $t0" | bc -l) "
  done
done

mib=$((boots * 40))
printf "%-34s %8s %9s %9s %12s\n" "$boots boots x 40 MiB, 50 at once" "wall s" "MiB/s" "vs nginx" "server CPU s"
for s in nginx lobos jdk-httpserver; do
  wall=$(median <<<"${walls[$s]}")
  rate=$(echo "$mib / $wall" | bc -l)
  [ $s = nginx ] && nginx_rate=$rate
  read -r p c0 <<<"${cpu0[$s]}"
  printf "%-34s %8.2f %9.0f %8.2fx %12.1f\n" "$s" "$wall" "$rate" "$(echo "$rate / $nginx_rate" | bc -l)" \
    "$(echo "$(cpu "$p") - $c0" | bc -l)"
done
