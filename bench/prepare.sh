# Builds what the benchmarks run and installs the peers; sourced by bench/run and bench/soak.
# Sets MGMT (the NativeAOT binary) and BENCH_DRIVER (the C# drivers), and exports them.
#
# The build works on a snapshot of the working tree in bench/out/build (sources only; its obj/ and bin/ stay
# there for incremental builds), so that other people's builds in the checkout and ours never share an obj/
# folder, and a source file edited during the run cannot change what is being measured.

BENCH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_OUT="$BENCH_ROOT/bench/out"

bench_snapshot() {
  local build="$BENCH_OUT/build"
  mkdir -p "$build"
  # Drop sources that may have been deleted since the last snapshot; keep obj/ and bin/.
  if [ -d "$build/src" ] || [ -d "$build/bench" ]; then
    find "$build/src" "$build/bench" -type f -not -path '*/obj/*' -not -path '*/bin/*' -delete 2>/dev/null || true
  fi
  if [ "${BENCH_SOURCE:-worktree}" = head ]; then
    # The last commit's product (when the working tree is in the middle of someone's change), today's drivers.
    git -C "$BENCH_ROOT" archive HEAD src Directory.Build.props Directory.Packages.props global.json | tar -C "$build" -xf -
    tar -C "$BENCH_ROOT" --exclude=bin --exclude=obj -cf - bench/Drivers | tar -C "$build" -xf -
  else
    tar -C "$BENCH_ROOT" --exclude=bin --exclude=obj -cf - src bench/Drivers Directory.Build.props Directory.Packages.props global.json \
      | tar -C "$build" -xf -
  fi
  echo "$build"
}

bench_publish() {
  local build log
  build=$(bench_snapshot)
  log="$BENCH_OUT/publish.log"
  echo "bench: publishing the NativeAOT binary and building the drivers (log: $log)" >&2
  if ! dotnet publish "$build/src/Mgmt.Cli" -c Release -r linux-x64 -p:PublishAot=true -o "$BENCH_OUT/mgmt" >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    echo "bench: the NativeAOT publish failed (full log: $log)" >&2
    return 1
  fi
  if ! dotnet build "$build/bench/Drivers" -c Release -o "$BENCH_OUT/drivers" >>"$log" 2>&1; then
    tail -n 30 "$log" >&2
    echo "bench: building bench/Drivers failed (full log: $log)" >&2
    return 1
  fi
}

# Installs the peers and tools from Debian's packages when they are missing (needs root and apt).
bench_install() {
  local missing=()
  command -v puppet >/dev/null 2>&1 || missing+=(puppet)
  command -v ansible-playbook >/dev/null 2>&1 || missing+=(ansible-core)
  command -v hyperfine >/dev/null 2>&1 || missing+=(hyperfine)
  [ -x /usr/bin/time ] || missing+=(time)
  command -v clang >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1 || missing+=(clang)
  [ -e /usr/include/zlib.h ] || missing+=(zlib1g-dev)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "bench: missing ${missing[*]}; install them (Debian: apt-get install ${missing[*]}) or run as root" >&2
    return 1
  fi
  echo "bench: installing ${missing[*]} from Debian's packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# The machine, in one line, for the report.
bench_machine() {
  local cpu mem
  cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
  mem=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
  printf '%s cores (%s), %s RAM, Linux %s, %s, .NET SDK %s' "$(nproc)" "${cpu:-unknown CPU}" "$mem" "$(uname -r)" \
    "$(. /etc/os-release 2>/dev/null && echo "${PRETTY_NAME:-unknown OS}")" "$(dotnet --version 2>/dev/null || echo '?')"
}
