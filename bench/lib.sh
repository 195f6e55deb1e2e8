# Helpers shared by the scenario scripts (bench/b*.sh, bench/soak). Source it; it expects the environment that
# bench/run sets: MGMT (the NativeAOT binary), BENCH_DRIVER (command running the C# drivers), BENCH_QUICK (1 for
# the short pass), BENCH_TMP (a scratch directory of this run), BENCH_LOGS (where raw logs go).
set -euo pipefail

: "${MGMT:?run the scenarios through bench/run}"
: "${BENCH_TMP:?run the scenarios through bench/run}"
: "${BENCH_LOGS:?run the scenarios through bench/run}"
BENCH_QUICK="${BENCH_QUICK:-0}"
export LC_ALL=C

# How many times each timed command runs: ours and the peers (Puppet, Ansible, which are slow).
if [ "$BENCH_QUICK" = 1 ]; then
  REPS="${BENCH_REPS:-3}"; PEER_REPS="${BENCH_PEER_REPS:-1}"
else
  REPS="${BENCH_REPS:-5}"; PEER_REPS="${BENCH_PEER_REPS:-3}"
fi

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

# A fresh scratch directory for this scenario (removed by bench/run at the end of the run).
scratch() { mktemp -d "$BENCH_TMP/$1.XXXX"; }

# timed LOG CMD...: runs CMD with its output in LOG; sets WALL (seconds, from bash's microsecond clock),
# CPU (user + system seconds of the whole process tree: on a shared machine it moves much less than WALL),
# RSS_KB (peak resident set of the largest process in the tree, from GNU time) and STATUS (exit code).
timed() {
  local logfile="$1"; shift
  local rssfile="$logfile.rss" start end
  start=$EPOCHREALTIME
  set +e
  /usr/bin/time -f '%M %U %S' -o "$rssfile" "$@" >"$logfile" 2>&1
  STATUS=$?
  set -e
  end=$EPOCHREALTIME
  WALL=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.4f", b - a }')
  RSS_KB=$(tail -n 1 "$rssfile" 2>/dev/null | awk '{ print $1 }')
  RSS_KB=${RSS_KB:-0}
  CPU=$(tail -n 1 "$rssfile" 2>/dev/null | awk '{ printf "%.2f", $2 + $3 }')
}

# median X...: the median of the numbers (the mean of the two middle ones for an even count).
median() {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) exit 1; if (NR % 2) printf "%.4f", v[(NR + 1) / 2]; else printf "%.4f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# max X...: the largest.
max() { printf '%s\n' "$@" | sort -g | tail -n 1; }

# secs X: a time in seconds for people ("0.412 s", "12.3 s").
secs() { awk -v v="$1" 'BEGIN { if (v < 10) printf "%.3f s", v; else if (v < 100) printf "%.1f s", v; else printf "%.0f s", v }'; }

# ms X: milliseconds for people.
ms() { awk -v v="$1" 'BEGIN { if (v < 10) printf "%.2f ms", v; else printf "%.1f ms", v }'; }

# list_secs X...: "3.06, 3.08, 3.08 s".
list_secs() { printf '%s\n' "$@" | awk '{ printf "%s%.2f", (NR > 1 ? ", " : ""), $1 } END { print " s" }'; }

# mib KB: a memory size in MiB.
mib() { awk -v v="$1" 'BEGIN { printf "%.0f MB", v / 1024 }'; }

# ratio A B: A / B, "37×".
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b <= 0) print "n/a"; else if (a / b < 10) printf "%.1f×", a / b; else printf "%.0f×", a / b }'; }

# verdict_le VALUE LIMIT / verdict_ge VALUE LIMIT: "met" or "not met".
verdict_le() { awk -v v="$1" -v l="$2" 'BEGIN { print (v <= l) ? "met" : "not met" }'; }
verdict_ge() { awk -v v="$1" -v l="$2" 'BEGIN { print (v >= l) ? "met" : "not met" }'; }

# kv FILE KEY: the value of a `key=value` line a driver printed.
kv() { sed -n "s/^$2=//p" "$1" | tail -n 1; }

# The result block every scenario prints on stdout (format: bench/README.md).
result_begin() { printf 'BENCH-RESULT-BEGIN %s\ntitle: %s\n' "$1" "$2"; }
result() { printf '%s: %s\n' "$1" "$2"; }
result_end() { printf 'BENCH-RESULT-END\n'; }

# ours LOG ARGS...: one run of the agent that applies a graph and exits (the one-shot mode of the benchmarks).
ours() {
  local logfile="$1"; shift
  timed "$logfile" "$MGMT" run --tmp-prefix --converged-exit --converger-timeout=0 "$@"
}

# puppet_apply LOG DIR MANIFEST: `puppet apply` with throwaway settings under DIR (kept between runs of one
# scenario, like an agent's own state would be).
puppet_apply() {
  local logfile="$1" dir="$2" manifest="$3"
  mkdir -p "$dir"/{conf,var,code,log,run,env}
  timed "$logfile" puppet apply --confdir "$dir/conf" --vardir "$dir/var" --codedir "$dir/code" --logdir "$dir/log" \
    --rundir "$dir/run" --environmentpath "$dir/env" --color=false "$manifest"
}

# ansible_play LOG DIR PLAYBOOK: a playbook on this machine, connection local, without facts (in the playbook).
# Ansible refuses to start without a UTF-8 locale.
ansible_play() {
  local logfile="$1" dir="$2" playbook="$3"
  mkdir -p "$dir"/{home,tmp}
  LC_ALL=C.UTF-8 LANG=C.UTF-8 ANSIBLE_HOME="$dir/home" ANSIBLE_LOCAL_TEMP="$dir/tmp" ANSIBLE_REMOTE_TEMP="$dir/tmp" ANSIBLE_NOCOLOR=1 \
    ANSIBLE_RETRY_FILES_ENABLED=0 ANSIBLE_PYTHON_INTERPRETER=/usr/bin/python3 \
    timed "$logfile" ansible-playbook -i localhost, -c local "$playbook"
}

have_puppet() { command -v puppet >/dev/null 2>&1; }
have_ansible() { command -v ansible-playbook >/dev/null 2>&1; }

# check_ok WHAT: fails the scenario when the last timed command did not exit 0.
check_ok() { [ "$STATUS" = 0 ] || die "$1 failed with exit code $STATUS (log: $2)"; }

# start_agent LOG ARGS...: starts a long-running agent (`mgmt run --tmp-prefix ARGS`) in the background; sets
# AGENT_PID. stop_agent stops it with SIGTERM and waits (SIGKILL after 30 s).
start_agent() {
  local logfile="$1"; shift
  "$MGMT" run --tmp-prefix "$@" >"$logfile" 2>&1 &
  AGENT_PID=$!
}
stop_agent() {
  [ -n "${AGENT_PID:-}" ] || return 0
  kill -TERM "$AGENT_PID" 2>/dev/null || true
  for _ in $(seq 1 300); do kill -0 "$AGENT_PID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$AGENT_PID" 2>/dev/null || true
  wait "$AGENT_PID" 2>/dev/null || true
  AGENT_PID=""
}

# wait_files DIR N [SECONDS]: waits until DIR holds N regular files named f*.
wait_files() {
  local deadline=$((SECONDS + ${3:-120}))
  until [ "$(find "$1" -maxdepth 1 -type f -name 'f*' 2>/dev/null | wc -l)" = "$2" ]; do
    [ $SECONDS -lt $deadline ] || die "$1 did not get its $2 files in time"
    sleep 0.1
  done
}

# proc_cpu_ticks PID: user + system CPU time of the process so far, in clock ticks (/proc/PID/stat fields 14, 15).
proc_cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }

# proc_kb PID FIELD: a /proc/PID/status size in KB (VmRSS, VmHWM).
proc_kb() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"; }

# files_yaml N DIR: a graph managing DIR and N files in it holding "hello\n".
files_yaml() {
  echo "graph: files-$1"
  echo "resources:"
  echo "  file:"
  echo "    - {name: $2/, state: exists}"
  seq -f "    - {name: $2/f%06g, state: exists, content: \"hello\\n\"}" 1 "$1"
}
