#!/usr/bin/env bash
# B6: the language front. A generated program (classes, includes, lambdas, for loops, printf) at several sizes:
# time to parse, type-check and build the function graph, through the library API (bench/Drivers), and with
# `mgmt check lang` (the NativeAOT binary, start-up included) when the binary has it.
source "$(dirname "$0")/lib.sh"
dir=$(scratch b6)
if [ "$BENCH_QUICK" = 1 ]; then sizes=(1000 5000 10000); reps=3; else sizes=(1000 2500 5000 10000 20000); reps=7; fi

out="$BENCH_LOGS/b6-driver.txt"; : >"$out"
for n in "${sizes[@]}"; do
  # One process per size, so that each size's first repetition is a cold start of its own.
  $BENCH_DRIVER lang --sizes "$n" --reps "$reps" >>"$out" || die "the lang driver failed at $n lines (see $out)"
  log "b6 $n lines: $(kv "$out" "size${n}_warm_total_ms") ms warm"
done

check_s=""
if "$MGMT" check lang --help >/dev/null 2>&1; then
  $BENCH_DRIVER lang-gen --lines 10000 --out "$dir/main.mcl" >/dev/null
  walls=(); cpus=()
  for r in $(seq 1 "$REPS"); do
    timed "$BENCH_LOGS/b6-check-$r.log" "$MGMT" check lang "$dir/main.mcl"; check_ok "mgmt check lang" "$BENCH_LOGS/b6-check-$r.log"
    walls+=("$WALL"); cpus+=("$CPU"); check_rss=$RSS_KB
  done
  check_s=$(median "${walls[@]}"); check_cpu=$(median "${cpus[@]}")
fi

result_begin b6 "language: parse, type-check and build the function graph of a generated program"
result header "lines | parse | check (parse + scope + unify) | function graph | check + graph, warm | its CPU time | same, first in its process | first resource graph | function nodes / resources"
for n in "${sizes[@]}"; do
  w="size${n}_warm"; c="size${n}_cold"
  result row "$(printf "%'d" "$(kv "$out" "${w}_lines")") | $(ms "$(kv "$out" "${w}_parse_ms")") | $(ms "$(kv "$out" "${w}_check_ms")") | $(ms "$(kv "$out" "${w}_graph_ms")") | **$(ms "$(kv "$out" "${w}_total_ms")")** | $(ms "$(kv "$out" "${w}_cpu_ms")") | $(ms "$(kv "$out" "${c}_total_ms")") | $(ms "$(kv "$out" "${w}_first_graph_ms")") | $(kv "$out" "${w}_nodes") / $(kv "$out" "${w}_resources")"
done
total10k=$(kv "$out" size10000_warm_total_ms)
cold10k=$(kv "$out" size10000_cold_total_ms)
result target "10,000 lines ≤ 1 s (check + function graph, warm) | $(ms "$total10k") | $(verdict_le "$total10k" 1000)"
result target "10,000 lines ≤ 1 s (the same, first in a fresh process, JIT included) | $(ms "$cold10k") | $(verdict_le "$cold10k" 1000)"
small=${sizes[1]}; large=${sizes[-1]}
growth=$(awk -v a="$(kv "$out" "size${large}_warm_total_ms")" -v la="$(kv "$out" "size${large}_warm_lines")" \
  -v b="$(kv "$out" "size${small}_warm_total_ms")" -v lb="$(kv "$out" "size${small}_warm_lines")" 'BEGIN { printf "%.2f", (a / la) / (b / lb) }')
result target "linear in size: time per line at $(printf "%'d" "$large") ≤ 1.5 × the one at $(printf "%'d" "$small") | ${growth}× | $(verdict_le "$growth" 1.5)"
if [ -n "$check_s" ]; then
  result row "10,000 (\`mgmt check lang\`, NativeAOT, whole process, median of $REPS) | | | | $(secs "$check_s") | $(secs "$check_cpu") | | | peak RSS $(mib "$check_rss")"
  result target "10,000 lines with \`mgmt check lang\` (whole process) ≤ 1 s | $(secs "$check_s") | $(verdict_le "$check_s" 1)"
else
  result note "\`mgmt check lang\` is not in this binary yet, so only the library path was measured."
fi
result note "Library path: \`mgmt-bench lang\` (bench/Drivers, JIT with tiered compilation off, so code is fully optimised from its first call like the NativeAOT binary's). Each repetition compiles from the source text: parse = lex + parse + init + interpolate of the file; check = \`Compiler.Check\` (parse again, scope, unification); function graph = \`ProgramRuntime.Create\`; first resource graph = running the function graph until the first graph of resources is out (not part of the target). Warm is the median of repetitions 2 to $reps in one process; the first repetition is shown apart. CPU time is the whole process's (GC included) during check + graph: on this shared machine the wall time also holds the time spent waiting for a core. Each unit of 23 lines has a class with parameters and its include, a lambda, a for loop over a list, interpolated names, fmt.printf, strings.to_upper and 5 resources."
result_end
