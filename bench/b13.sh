#!/usr/bin/env bash
# B13: a running graph of N file resources, one resource's parameter changes: time from the change to that
# resource applied. Two front ends: a YAML edit (the whole graph file is rewritten with one content changed) and
# an mcl program whose one input (os.readfile) changes. N = 10,000 and 100,000 (10,000 only in quick mode).
source "$(dirname "$0")/lib.sh"
dir=$(scratch b13)
samples=$([ "$BENCH_QUICK" = 1 ] && echo ${B13_SAMPLES:-20} || echo 50)
if [ "$BENCH_QUICK" = 1 ]; then sizes=(10000); else sizes=(10000 100000); fi

# yaml_template N DIR: N fixed files plus DIR/out/changed, whose content the driver sets (@TICK@).
yaml_template() {
  echo "graph: b13-$1"
  echo "resources:"
  echo "  file:"
  echo "    - {name: $2/files/, state: exists}"
  seq -f "    - {name: $2/files/f%06g, state: exists, content: \"hello\\n\"}" 1 "$1"
  echo "    - {name: $2/out/changed, state: exists, content: \"@TICK@\\n\"}"
}
# mcl_program N DIR: the same N files, and one whose content is os.readfile of DIR/input.txt.
mcl_program() {
  echo 'import "os"'
  echo "file \"$2/files/\" { state => \"exists\", }"
  seq -f "file \"$2/files/f%06g\" { state => \"exists\", content => \"hello\\n\", }" 1 "$1"
  echo "file \"$2/out/changed\" { state => \"exists\", content => os.readfile(\"$2/input.txt\"), }"
}

declare -A res_file
trap stop_agent EXIT
for n in "${sizes[@]}"; do
  for fe in yaml lang; do
    d="$dir/$fe-$n"; mkdir -p "$d/out"
    if [ "$fe" = yaml ]; then
      yaml_template "$n" "$d" >"$d/graph.tmpl"
      sed 's/@TICK@/start/' "$d/graph.tmpl" >"$d/graph.yaml"
      start_agent "$BENCH_LOGS/b13-$fe-$n-agent.log" yaml "$d/graph.yaml"
      follow=(--input "$d/graph.yaml" --template "$d/graph.tmpl")
    else
      mcl_program "$n" "$d" >"$d/main.mcl"
      printf 'start\n' >"$d/input.txt"
      start_agent "$BENCH_LOGS/b13-$fe-$n-agent.log" lang "$d/main.mcl"
      follow=(--input "$d/input.txt")
    fi
    log "b13 $fe N=$n: waiting for the agent to create the files"
    wait_files "$d/files" "$n" 600
    out="$BENCH_LOGS/b13-$fe-$n.txt"
    $BENCH_DRIVER follow "${follow[@]}" --output "$d/out/changed" --samples "$samples" --label "s" --ready-timeout 300 >"$out" \
      || die "b13 $fe N=$n: the changed file did not follow (see $out and b13-$fe-$n-agent.log)"
    res_file[$fe-$n]=$out
    rss=$(awk '/VmHWM/ { print int($2 / 1024) }' "/proc/$AGENT_PID/status" 2>/dev/null || echo "?")
    res_file[$fe-$n-rss]=$rss
    stop_agent
    rm -rf "$d/files"
  done
done

result_begin b13 "a running graph of N files, one resource's parameter changed"
result header "front end | resources | samples | p50 | p90 | max | agent peak RSS"
for n in "${sizes[@]}"; do
  for fe in yaml lang; do
    f=${res_file[$fe-$n]}
    result row "$fe | $n | $(kv "$f" s_n) | $(ms "$(kv "$f" s_p50_ms)") | $(ms "$(kv "$f" s_p90_ms)") | $(ms "$(kv "$f" s_max_ms)") | ${res_file[$fe-$n-rss]} MB"
  done
done
for fe in yaml lang; do
  p10=$(kv "${res_file[$fe-10000]}" s_p50_ms)
  result target "$fe, 10,000 resources: p50 ≤ 10 ms | $(ms "$p10") | $(verdict_le "$p10" 10)"
  if [ -n "${res_file[$fe-100000]:-}" ]; then
    p100=$(kv "${res_file[$fe-100000]}" s_p50_ms)
    ratio=$(awk -v a="$p100" -v b="$p10" 'BEGIN { printf "%.1f", a / b }')
    result target "$fe, 100,000 resources: p50 within 2× of 10,000 | ${ratio}× | $(verdict_le "$ratio" 2)"
  fi
done
result note "The agent is \`mgmt run\` (NativeAOT) running N file resources with fixed content plus one more file, \`out/changed\`. YAML: each sample rewrites the graph file atomically (temporary file + rename) with only that file's content changed; the YAML front end reads the file as soon as it is renamed into place, parses only the item whose text changed (the other 10,000 resources are the objects of the last read) and hands the engine the new graph. mcl: the program's \`out/changed\` takes its content from \`os.readfile(INPUT)\`; each sample rewrites INPUT atomically. The time runs from the write to the driver's inotify watch seeing \`out/changed\` hold the new text (fsync'd atomic write included)."
result_end
