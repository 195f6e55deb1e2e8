#!/usr/bin/env bash
# B12: Puppet manifests on our engine. B1's 40 independent execs and B2's 1,000 files written as .pp manifests:
# `puppet apply` against `mgmt run puppet --converged-exit`, in the same run, with the catalog compilation (which
# both pay: Puppet compiles the catalog for us too) timed apart.
source "$(dirname "$0")/lib.sh"
dir=$(scratch b12)
have_puppet || die "Puppet is not installed (apt-get install puppet-agent)"
files=1000
[ "$BENCH_QUICK" = 1 ] && files=200

for i in $(seq 1 40); do echo "exec { 'sleep$i': command => '/bin/sleep 0.5' }"; done >"$dir/execs.pp"
{
  echo "file { '$dir/files': ensure => directory }"
  seq -f "file { '$dir/files/f%06g': content => \"hello\\n\" }" 1 "$files"
} >"$dir/files.pp"

# compile_time MANIFEST: seconds `puppet catalog compile` takes for the manifest (the step our front end runs).
compile_time() {
  local logfile="$BENCH_LOGS/b12-compile-$(basename "$1" .pp).log"
  mkdir -p "$dir/compile"/{var,env}
  timed "$logfile" puppet catalog compile --render-as json --color=false --vardir "$dir/compile/var" \
    --environmentpath "$dir/compile/env" --manifest "$1"
  check_ok "puppet catalog compile" "$logfile"
  echo "$WALL"
}

# The compile time our own run logged ("compiled the catalog of ... in X s").
logged_compile() { sed -n 's/.*compiled the catalog of .* with Puppet in \([0-9.]*\) s.*/\1/p' "$1" | head -n 1; }

declare -A ours_med puppet_med compile_med ours_compile
for work in execs files; do
  manifest="$dir/$work.pp"
  walls=(); compiles=()
  for r in $(seq 1 "$REPS"); do
    rm -rf "$dir/files"
    ours "$BENCH_LOGS/b12-ours-$work-$r.log" puppet "$manifest"; check_ok "mgmt run puppet" "$BENCH_LOGS/b12-ours-$work-$r.log"
    walls+=("$WALL"); compiles+=("$(logged_compile "$BENCH_LOGS/b12-ours-$work-$r.log")")
    log "b12 $work ours run $r: $WALL s (compile ${compiles[-1]} s)"
  done
  ours_med[$work]=$(median "${walls[@]}")
  ours_compile[$work]=$(median "${compiles[@]}")
  walls=()
  for r in $(seq 1 "$PEER_REPS"); do
    rm -rf "$dir/files" "$dir/puppet"
    puppet_apply "$BENCH_LOGS/b12-puppet-$work-$r.log" "$dir/puppet" "$manifest"; check_ok "puppet apply" "$BENCH_LOGS/b12-puppet-$work-$r.log"
    walls+=("$WALL"); log "b12 $work puppet run $r: $WALL s"
  done
  puppet_med[$work]=$(median "${walls[@]}")
  walls=()
  for r in $(seq 1 "$PEER_REPS"); do walls+=("$(compile_time "$manifest")"); done
  compile_med[$work]=$(median "${walls[@]}")
done
[ "$(find "$dir/files" -type f | wc -l)" = "$files" ] || die "the files run did not leave $files files"

engine() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", (a - b > 0 ? a - b : 0) }'; }
result_begin b12 "Puppet manifests on our engine (B1 and B2 as .pp)"
result header "measure | 40 execs of sleep 0.5 | $files files"
result row "puppet apply, wall (median of $PEER_REPS) | $(secs "${puppet_med[execs]}") | $(secs "${puppet_med[files]}")"
result row "mgmt run puppet --converged-exit, wall (median of $REPS) | $(secs "${ours_med[execs]}") | $(secs "${ours_med[files]}")"
result row "of which Puppet's catalog compilation, as our run logged it | $(secs "${ours_compile[execs]}") | $(secs "${ours_compile[files]}")"
result row "puppet catalog compile alone (median of $PEER_REPS) | $(secs "${compile_med[execs]}") | $(secs "${compile_med[files]}")"
result row "ours without the compilation (engine, start-up, exit) | $(secs "$(engine "${ours_med[execs]}" "${ours_compile[execs]}")") | $(secs "$(engine "${ours_med[files]}" "${ours_compile[files]}")")"
result row "puppet apply ÷ ours | $(ratio "${puppet_med[execs]}" "${ours_med[execs]}") | $(ratio "${puppet_med[files]}" "${ours_med[files]}")"
result target "B1 as .pp: puppet apply ÷ ours ≥ 5 | $(ratio "${puppet_med[execs]}" "${ours_med[execs]}") | $(verdict_ge "$(awk -v a="${puppet_med[execs]}" -v b="${ours_med[execs]}" 'BEGIN{print a/b}')" 5)"
result target "B2 as .pp: puppet apply ÷ ours ≥ 2 | $(ratio "${puppet_med[files]}" "${ours_med[files]}") | $(verdict_ge "$(awk -v a="${puppet_med[files]}" -v b="${ours_med[files]}" 'BEGIN{print a/b}')" 2)"
result note "Both sides start from nothing each run (the files removed, Puppet with throwaway directories). Ours is \`mgmt run --tmp-prefix --converged-exit --converger-timeout=0 puppet FILE.pp\` (NativeAOT): Puppet compiles the catalog (facts included) in a child process, then the engine applies it in parallel. \`puppet apply\` compiles the same catalog and applies its resources one after another. The compilation is most of our time; the row without it is what the engine adds."
result_end
