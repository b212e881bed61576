# Sourced by the benchmarks: ports, the interleaved rounds and medians they share.

# Whether something listens on 127.0.0.1:PORT, PROTO tcp or udp (read from /proc: binding a probe would race the server).
bench_listening() {
  local state=""
  [ "$1" = tcp ] && state=" 00000000:0000 0A"
  grep -q " 0100007F:$(printf %04X "$2")$state " "/proc/net/$1"
}
bench_free_port() {
  local p
  while :; do p=$((20000 + RANDOM % 40000)); bench_listening "$1" "$p" || { echo "$p"; return; }; done
}
bench_wait_listening() {
  for _ in $(seq 200); do bench_listening "$1" "$2" && return; sleep 0.05; done
  echo "nothing listens on $1 port $2" >&2
  exit 1
}

# On EXIT (trap bench_cleanup EXIT): ends the processes a bench started (pids+=($!)) and
# removes its directory $work.
bench_cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}

# tftp-hpa and lobos's TFTP server on 127.0.0.1, both serving ROOT: sets hpa_port and
# lobos_port, adds both to pids. Needs the java array (lobos's jar) of the bench.
bench_tftp_servers() {
  hpa_port=$(bench_free_port udp)
  /usr/sbin/in.tftpd -L -u root -s "$1" -a "127.0.0.1:$hpa_port" &
  pids+=($!)
  bench_wait_listening udp "$hpa_port"
  lobos_port=$(bench_free_port udp)
  "${java[@]}" tftp serve "$1" --address "127.0.0.1:$lobos_port" >/dev/null &
  pids+=($!)
  bench_wait_listening udp "$lobos_port"
}

# nginx as the benches run it (one worker, sendfile, no access log), its files in DIR, with up
# to CONNECTIONS connections and the server blocks SERVERS; in the background: sets nginx_pid
# and adds it to pids. The caller waits for its ports.
bench_nginx() {
  local dir=$1 connections=$2 servers=$3
  mkdir -p "$dir"
  cat > "$dir/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log;
$([ "$(id -u)" -eq 0 ] && echo "user root;")
events { worker_connections $connections; }
http {
  access_log off;
  sendfile on;
  client_body_temp_path $dir/body; proxy_temp_path $dir/proxy; fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi; scgi_temp_path $dir/scgi;
$servers
}
CONF
  /usr/sbin/nginx -c "$dir/nginx.conf" -p "$dir" &
  nginx_pid=$!
  pids+=("$nginx_pid")
}

# Runs every "name|peer|command" of the array cases ROUNDS times, rounds outside and cases
# inside (a change in the machine's load hits every case alike), in the current directory.
# A command that names the file "out" must write a copy of ORIGINAL there. Fills the
# associative arrays walls (wall seconds) and transfers (the "seconds" a command printed as JSON)
# with one value per round, separated by spaces.
bench_rounds() {
  local rounds=$1 original=$2 c name peer command out t0 t1
  for _ in $(seq "$rounds"); do
    for c in "${cases[@]}"; do
      IFS='|' read -r name peer command <<<"$c"
      rm -f out
      t0=$(date +%s.%N)
      out=$(eval "$command" 2>&1) || { echo "$name failed: $out" >&2; exit 1; }
      t1=$(date +%s.%N)
      if [[ " $command " == *" out "* ]] && ! cmp -s out "$original"; then
        echo "$name: download differs from the original" >&2
        exit 1
      fi
      walls[$name]+="$(echo "$t1 - $t0" | bc -l) "
      transfers[$name]+="$(sed -n 's/.*"seconds": \([0-9.]*\).*/\1/p' <<<"$out") "
    done
  done
}

# The median of the numbers on standard input (separated by spaces or lines); nothing for none.
median() { tr ' ' '\n' | { grep . || true; } | sort -g | awk '{v[NR]=$1} END {if (NR) print v[int((NR+1)/2)]}'; }

# Prints the table of cases after bench_rounds: wall time, MiB/s over SIZE_MIB (wall clock),
# the command's own transfer time, and the ratio of MiB/s to the case's peer line.
# Arguments: the width of the first column and its title.
bench_table() {
  local width=$1 title=$2 c name peer command wall transfer ratio
  declare -gA rate
  printf "%-${width}s %8s %9s %10s %9s\n" "$title" "wall s" "MiB/s" "transfer s" "vs peer"
  for c in "${cases[@]}"; do
    IFS='|' read -r name peer command <<<"$c"
    wall=$(median <<<"${walls[$name]}")
    transfer=$(median <<<"${transfers[$name]}")
    rate[$name]=$(echo "$size_mib / $wall" | bc -l)
    ratio=""
    [ -n "$peer" ] && ratio=$(printf '%.2fx' "$(echo "${rate[$name]} / ${rate[$peer]}" | bc -l)")
    printf "%-${width}s %8.2f %9.1f %10s %9s\n" "$name" "$wall" "${rate[$name]}" "${transfer:+$(printf %.2f "$transfer")}" "$ratio"
  done
}

# Two network namespaces for the DHCP benchmarks: SERVER_NS with a bridge br0 at SERVER_CIDR, and
# CLIENT_NS whose veth vc (MAC CLIENT_MAC, or the kernel's) is on that bridge. The lo of both and
# the server's side are up; vc is left as it is (down), for the caller.
#   bench_bridge_pair SERVER_NS CLIENT_NS SERVER_CIDR [CLIENT_MAC]
bench_bridge_pair() {
  local s=$1 c=$2 cidr=$3 mac=${4:-} l
  ip netns add "$s"
  ip netns add "$c"
  ip link add vc netns "$c" ${mac:+address "$mac"} type veth peer name vs netns "$s"
  ip -n "$s" link add br0 type bridge forward_delay 0
  ip -n "$s" link set vs master br0
  ip -n "$s" addr add "$cidr" dev br0
  for l in vs br0 lo; do ip -n "$s" link set "$l" up; done
  ip -n "$c" link set lo up
}
