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
