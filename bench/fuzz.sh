#!/usr/bin/env bash
# Fuzzes every Jazzer target (each @FuzzTest method) for SECONDS, one after another (not a unit test).
#   bench/fuzz.sh [--resume] [SECONDS [PATTERN]]
#     SECONDS  per target (default 600)
#     PATTERN  only the targets "lobos.pkg.Class#method" that match this extended regexp
#     --resume fuzz only the targets without a result for SECONDS in bench/fuzz-results.tsv
# One target at a time under nice (the machine's cores are shared), each in its own Maven run:
# JAZZER_FUZZ=1 ./mvnw -o test -Dtest=Class#method, with Jazzer's max_duration set to SECONDS.
# Each finished target's result line (with its date and commit) replaces the target's line in
# bench/fuzz-results.tsv, which is committed, and the table in docs/fuzzing.md is written again
# from that file: a run that is cut off keeps what it finished, and a later run (another day, a
# later commit) goes on with --resume. Logs stay in FUZZ_OUT (default target/fuzz).
# The corpus each target finds stays in .cifuzz-corpus/ (Jazzer's place, not committed) and the
# next run starts from it. A finding is a file Jazzer writes beside the seeds
# (src/test/resources/.../ClassInputs/method/crash-*, timeout-*, ...): the seed tests replay it
# from then on, so it fails `./mvnw test` until it is fixed. Needs a JDK 25 and the Maven
# repository ~/.m2 filled (the runs are offline).
set -euo pipefail
here=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
. "$here/scripts/java-home.sh"
. "$here/bench/lib.sh"
lobos_find_java

resume=false
if [ "${1:-}" = --resume ]; then resume=true; shift; fi
case "${1:-}" in -h | --help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
seconds=${1:-600}
pattern=${2:-}
[[ "$seconds" =~ ^[0-9]+$ ]] && [ "$seconds" -gt 0 ] || { echo "SECONDS must be a positive number: $seconds" >&2; exit 2; }
out=${FUZZ_OUT:-$here/target/fuzz}
results=$here/bench/fuzz-results.tsv
# A single input that runs longer than this is a finding (timeout-*): every parser has bounds of
# about a second; the margin is for a loaded machine and the first, cold executions.
per_input_timeout=${FUZZ_TIMEOUT:-20}
# The fuzzing JVM's heap: bounded, so that a parser that collects without bound is an
# OutOfMemoryError finding, and so that the run leaves the shared machine's memory to others.
heap=${FUZZ_HEAP:-1g}

# Inputs longer than the target reads only cost time: libFuzzer's -max_len for the targets that
# cut their input (the constant named here is the one in the test).
declare -A max_len=(
  [lobos.config.grub.GrubFormatFuzzTest#interpret]=4096 # GrubFormatFuzzTest.MAX_INPUT
)

cd "$here"
# Every @FuzzTest method under src/test/java, as lobos.pkg.Class#method.
fuzz_targets() {
  local file class
  grep -rl --include='*.java' '@FuzzTest' src/test/java | sort | while read -r file; do
    class=${file#src/test/java/}
    class=${class%.java}
    class=${class//\//.}
    awk -v class="$class" '/@FuzzTest/ { want = 1 }
      want && match($0, /void [A-Za-z0-9_]+\(/) { print class "#" substr($0, RSTART + 5, RLENGTH - 6); want = 0 }' "$file"
  done
}
targets=()
while read -r t; do
  [ -z "$pattern" ] || [[ "$t" =~ $pattern ]] && targets+=("$t")
done < <(fuzz_targets)
[ ${#targets[@]} -gt 0 ] || { echo "no fuzz target matches: $pattern" >&2; exit 2; }

mkdir -p "$out"
touch "$results"
commit=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src 2>/dev/null || echo '+changes')

running=""
stop() {
  trap - INT TERM
  if [ -n "$running" ]; then kill -TERM -- "-$running" 2>/dev/null || true; wait "$running" 2>/dev/null || true; fi
  echo "stopped; finished targets are in $results (go on with: bench/fuzz.sh --resume $seconds${pattern:+ '$pattern'})" >&2
  exit 130
}
trap stop INT TERM

echo "compiling the tests" >&2
./mvnw -o -q -B test-compile

# The files Jazzer leaves for findings, in the inputs directory of CLASS#METHOD.
inputs_dir() { local c=${1%#*}; echo "src/test/resources/${c//.//}Inputs/${1#*#}"; }
findings() { find "$(inputs_dir "$1")" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'slow-unit-*' -o -name 'leak-*' \) -printf '%f\n' 2>/dev/null | sort; }
# The last value of "name: VALUE" (libFuzzer's stat:: lines and status lines) in a log.
last_stat() { grep -o "$1 *[0-9]*" "$2" | tail -n1 | grep -o '[0-9]*$' || true; }

# Executions per CPU-second of the fuzzing JVM (all its threads: the target, JIT, GC) while it
# fuzzes: what a target costs, whatever else the machine runs. The window starts when the seeds
# have run and a quarter of the time (at most a minute) later, after most of the JIT's work, and
# ends with fuzzing. Polls the JVM's CPU time (/proc) and libFuzzer's execution count (the log)
# every second while Maven (PID) runs; prints "executions cpu-seconds" for the window, or nothing.
measure_cpu() {
  local pid=$1 log=$2 jvm="" ticks n prev="" n0="" t0="" n1="" t1="" tick skip inited=false
  tick=$(getconf CLK_TCK)
  skip=$((seconds / 4 > 60 ? 60 : seconds / 4))
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    if [ -z "$jvm" ]; then
      # the surefire fork: the java below Maven that runs surefirebooter (a shell starts it)
      jvm=$(ps -e -o pid=,ppid= | awk -v root="$pid" '{ parent[$1] = $2 }
        END { for (p in parent) { q = p; while (q in parent && q != root) q = parent[q]; if (q == root) print p } }' |
        while read -r p; do
          [ "$(cat "/proc/$p/comm" 2>/dev/null)" = java ] && grep -qa surefirebooter "/proc/$p/cmdline" 2>/dev/null && echo "$p"
        done | head -n1)
      [ -n "$jvm" ] || continue
    fi
    ticks=$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$jvm/stat" 2>/dev/null) || break
    [ -n "$ticks" ] || break
    $inited || { grep -q INITED "$log" && inited=true; } || continue
    tail -c 16384 "$log" | grep -q 'DONE\|^Done ' && break
    skip=$((skip - 1))
    # libFuzzer prints a count only with news (new coverage, a power of two): a count that changed
    # since the last poll is at most a second old, so it belongs with this CPU time
    n=$(tail -c 16384 "$log" | grep -ao '^#[0-9]\+' | tail -n1)
    n=${n#\#}
    [ -n "$n" ] && [ "$n" != "$prev" ] || continue
    prev=$n
    if [ -z "$n0" ]; then
      [ "$skip" -lt 0 ] && n0=$n t0=$ticks
    elif [ "$n" -gt "$n0" ]; then
      n1=$n t1=$ticks
    fi
  done
  [ -n "$n1" ] && [ "$t1" -gt "$t0" ] && echo "$((n1 - n0)) $(echo "($t1 - $t0) / $tick" | bc -l)"
  return 0
}

# The table of every target, in order, from the results file; it replaces the one between the
# markers in docs/fuzzing.md. Targets without a result are counted, not listed.
write_table() {
  local all=() t name secs date commit runs rate per_cpu corpus added cov verdict table have=0
  while read -r t; do all+=("$t"); done < <(fuzz_targets)
  table=$(
    for t in "${all[@]}"; do
      IFS=$'\t' read -r name secs date commit runs rate per_cpu corpus added cov verdict < <(awk -F'\t' -v t="$t" '$1 == t' "$results") || continue
      echo "| \`${name#lobos.}\` | $secs s | $date | $commit | $runs | $rate | $per_cpu | $corpus | $added | $cov | $verdict |"
    done
  )
  [ -z "$table" ] || have=$(grep -c . <<<"$table")
  table=$(
    echo "Command: \`bench/fuzz.sh SECONDS\` (and \`--resume\` to go on), on $(nproc) shared cores; each row says how"
    echo "long, when and on which commit its target ran. $have of ${#all[@]} targets have a result."
    echo
    echo "| target | time | date | commit | executions | execs/s | execs/CPU-s | corpus | new | cov | findings |"
    echo "|---|---:|---|---|---:|---:|---:|---:|---:|---:|---|"
    [ -z "$table" ] || echo "$table"
  )
  local doc=docs/fuzzing.md begin='<!-- bench/fuzz.sh table: begin -->' end='<!-- bench/fuzz.sh table: end -->'
  if grep -qF "$begin" "$doc" 2>/dev/null; then
    awk -v begin="$begin" -v end="$end" -v table="$table" '
      $0 == begin { print; print table; skip = 1; next }
      $0 == end { skip = 0 }
      !skip' "$doc" > "$doc.new" && mv "$doc.new" "$doc"
  fi
}

n=0
for t in "${targets[@]}"; do
  n=$((n + 1))
  log="$out/$t.log"
  if $resume && awk -F'\t' -v t="$t" -v s="$seconds" '$1 == t && $2 == s { found = 1 } END { exit !found }' "$results"; then
    echo "[$n/${#targets[@]}] $t: done before" >&2
    continue
  fi
  echo "[$n/${#targets[@]}] $t: fuzzing ${seconds}s" >&2
  before=$(findings "$t")
  # libFuzzer's flags reach it through Jazzer's JUnit configuration (jazzer.internal.arg.N, N=0 its argv[0])
  flags=(-print_final_stats=1 -timeout="$per_input_timeout")
  [ -n "${max_len[$t]:-}" ] && flags+=(-max_len="${max_len[$t]}")
  args=(-Djazzer.max_duration="${seconds}s" -Djazzer.internal.arg.0=fuzz)
  for i in "${!flags[@]}"; do args+=(-Djazzer.internal.arg.$((i + 1))="${flags[$i]}"); done
  # FUZZ_MAVEN_ARGS: more -D options for every run (trials: -Djazzer.disabled_hooks=...)
  read -ra extra <<<"${FUZZ_MAVEN_ARGS:-}"
  args+=("${extra[@]}")
  set +e
  # Its own process group (set -m), so that stop() ends Maven, the test JVM and nothing else.
  set -m
  JAZZER_FUZZ=1 JDK_JAVA_OPTIONS="-Xmx$heap" timeout -k 30 $((seconds + 900)) \
    nice -n 10 ./mvnw -o -B test -Dtest="$t" -Dsurefire.failIfNoSpecifiedTests=false "${args[@]}" > "$log" 2>&1 &
  running=$!
  set +m
  measure_cpu "$running" "$log" > "$out/$t.cpu"
  wait "$running"
  rc=$?
  running=""
  set -e
  new=$(comm -13 <(echo "$before") <(findings "$t") | paste -sd' ' -)
  runs=$(last_stat 'stat::number_of_executed_units:' "$log")
  rate=$(last_stat 'stat::average_exec_per_sec:' "$log")
  added=$(last_stat 'stat::new_units_added:' "$log")
  cov=$(last_stat ' cov:' "$log")
  corpus=$(last_stat ' corp:' "$log")
  per_cpu=$(awk '$2 > 0 { printf "%d", $1 / $2 }' "$out/$t.cpu")
  if [ -n "$new" ]; then
    verdict="$new"
  elif [ "$rc" -ne 0 ] || [ -z "$runs" ]; then
    verdict="failed (exit $rc, see $(basename "$log"))"
  else
    verdict=none
  fi
  line=$(printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s' "$t" "$seconds" "$(date -u +%Y-%m-%d)" "$commit" \
    "${runs:-?}" "${rate:-?}" "${per_cpu:-?}" "${corpus:-?}" "${added:-?}" "${cov:-?}" "$verdict")
  { awk -F'\t' -v t="$t" '$1 != t' "$results"; echo "$line"; } > "$results.new" && mv "$results.new" "$results"
  echo "  executions ${runs:-?}, ${rate:-?}/s, ${per_cpu:-?} per CPU-second, corpus ${corpus:-?} (+${added:-?}), cov ${cov:-?}, findings: $verdict" >&2
  write_table
done

echo "results: $results; table written to docs/fuzzing.md" >&2
