#!/usr/bin/env bash
# Builds the Debian package of mgmt: packaging/deb/build.sh [--app DIR] [--output DIR] [--version V]
#
#   --app DIR      a framework-dependent build of src/Mgmt.Cli (the 'mgmt' app host and its assemblies) to package;
#                  by default the script runs 'dotnet publish -c Release' itself (a few minutes). Tests pass the
#                  build they already have, so that packaging takes seconds.
#   --output DIR   where the .deb goes (default: the current directory)
#   --version V    the package version (default: the app's own version, from 'mgmt --version')
#
# The package carries its own copy of the .NET runtime (the one of the SDK that runs this script), so the machine
# needs no .NET: /usr/lib/mgmt/app (the app), /usr/lib/mgmt/dotnet (the runtime), /usr/bin/mgmt (a small launcher).
# The manual page, the shell completions and the systemd unit with /etc/default/mgmt are made by the built mgmt
# itself ('mgmt man', 'mgmt completion', 'mgmt setup svc'), from the same definitions as its --help.
# The package does not carry the NativeAOT binary yet (docs/install.md builds one by hand): bundling the runtime
# lets the package be made from any build in seconds, which keeps the test that installs it fast.
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
app="" output="$PWD" version=""
while [ $# -gt 0 ]; do
  case "$1" in
    --app) app="$2"; shift 2 ;;
    --output) output="$2"; shift 2 ;;
    --version) version="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "build.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
for tool in dpkg-deb dotnet gzip; do
  command -v "$tool" >/dev/null || { echo "build.sh: $tool is needed" >&2; exit 2; }
done

work="$(mktemp -d "${TMPDIR:-/tmp}/mgmt-deb.XXXXXX")"
trap 'rm -rf "$work"' EXIT

if [ -z "$app" ]; then
  echo "build.sh: publishing src/Mgmt.Cli (Release)" >&2
  dotnet publish "$repo/src/Mgmt.Cli" -c Release -o "$work/publish" --nologo -v quiet >&2
  app="$work/publish"
fi
[ -x "$app/mgmt" ] && [ -f "$app/mgmt.runtimeconfig.json" ] || { echo "build.sh: $app is not a build of mgmt (no mgmt, mgmt.runtimeconfig.json)" >&2; exit 2; }

# The runtimes the app asks for (.NET itself and ASP.NET Core, for its HTTP servers), from the dotnet that runs
# this script: the newest installed one of each framework's major version.
frameworks="$(tr -d ' \n' <"$app/mgmt.runtimeconfig.json" | grep -o '"name":"[^"]*","version":"[^"]*"' | sed 's/"name":"\([^"]*\)","version":"\([^"]*\)"/\1 \2/')"
[ -n "$frameworks" ] || { echo "build.sh: no frameworks named in $app/mgmt.runtimeconfig.json" >&2; exit 2; }
runtimes=()
while read -r name want; do
  dir="$(dotnet --list-runtimes | awk -v n="$name" -v major="${want%%.*}" '$1 == n && index($2, major ".") == 1 { v = $2; d = $3 } END { if (v) print substr(d, 2, length(d) - 2) "/" v }')"
  [ -n "$dir" ] && [ -d "$dir" ] || { echo "build.sh: no $name $want runtime found by 'dotnet --list-runtimes'" >&2; exit 2; }
  runtimes+=("$name=$dir")
done <<<"$frameworks"
dotnet_root="$(cd "${runtimes[0]#*=}/../../.." && pwd)"

root="$work/root"
mkdir -p "$root/DEBIAN" "$root/usr/lib/mgmt/dotnet/shared" "$root/usr/bin" \
  "$root/usr/share/man/man1" "$root/usr/share/bash-completion/completions" "$root/usr/share/zsh/vendor-completions" \
  "$root/usr/share/fish/vendor_completions.d" "$root/usr/lib/systemd/system" "$root/etc/default" "$root/usr/share/doc/mgmt"
cp -a "$app" "$root/usr/lib/mgmt/app"
find "$root/usr/lib/mgmt/app" -name '*.pdb' -delete
cp -a "$dotnet_root/host" "$root/usr/lib/mgmt/dotnet/"
for r in "${runtimes[@]}"; do
  mkdir -p "$root/usr/lib/mgmt/dotnet/shared/${r%%=*}"
  cp -a "${r#*=}" "$root/usr/lib/mgmt/dotnet/shared/${r%%=*}/"
done
cat >"$root/usr/bin/mgmt" <<'LAUNCHER'
#!/bin/sh
# mgmt runs on the .NET runtime the package carries, whatever .NET the machine may have.
DOTNET_ROOT=/usr/lib/mgmt/dotnet
export DOTNET_ROOT
exec /usr/lib/mgmt/app/mgmt "$@"
LAUNCHER
chmod 0755 "$root/usr/bin/mgmt"

# What the built mgmt says about itself.
mgmt() { DOTNET_ROOT="$root/usr/lib/mgmt/dotnet" "$root/usr/lib/mgmt/app/mgmt" "$@"; }
[ -n "$version" ] || version="$(mgmt --version | awk '{print $2}')"
mgmt man | gzip -9n >"$root/usr/share/man/man1/mgmt.1.gz"
mgmt completion bash >"$root/usr/share/bash-completion/completions/mgmt"
mgmt completion zsh >"$root/usr/share/zsh/vendor-completions/_mgmt"
mgmt completion fish >"$root/usr/share/fish/vendor_completions.d/mgmt.fish"
mgmt setup svc --binary-path /usr/bin/mgmt >"$root/usr/lib/systemd/system/mgmt.service"
mgmt setup svc --defaults >"$root/etc/default/mgmt"
cp "$repo/README.md" "$root/usr/share/doc/mgmt/README.md"
cp -r "$repo/docs" "$root/usr/share/doc/mgmt/docs"

case "$(uname -m)" in
  x86_64) arch=amd64 ;;
  aarch64) arch=arm64 ;;
  *) arch="$(dpkg --print-architecture)" ;;
esac
size="$(du -sk "$root" | cut -f1)"
cat >"$root/DEBIAN/control" <<CONTROL
Package: mgmt
Version: $version
Architecture: $arch
Maintainer: mgmt developers <mgmt@example.invalid>
Installed-Size: $size
Depends: libc6, libgcc-s1, libstdc++6, zlib1g, libssl3 | libssl3t64
Section: admin
Priority: optional
Homepage: https://github.com/purpleidea/mgmt
Description: real-time, parallel, event-driven configuration management
 mgmt keeps a machine in the state a resource graph declares, repairs drift within milliseconds and takes new
 graphs while it runs. Programs are written in mcl, a reactive language, or as YAML graphs. The service
 (mgmt.service) runs the input set in /etc/default/mgmt.
CONTROL
echo "/etc/default/mgmt" >"$root/DEBIAN/conffiles"
cat >"$root/DEBIAN/postinst" <<'SCRIPT'
#!/bin/sh
set -e
# Enable the service, and start it when systemd runs this machine (not in a chroot or an image build).
if [ "$1" = configure ] && [ -d /run/systemd/system ]; then
  systemctl daemon-reload >/dev/null || true
  systemctl enable mgmt.service >/dev/null || true
  systemctl restart mgmt.service || true
elif [ "$1" = configure ]; then
  mkdir -p /etc/systemd/system/multi-user.target.wants
  ln -sf /usr/lib/systemd/system/mgmt.service /etc/systemd/system/multi-user.target.wants/mgmt.service
fi
SCRIPT
cat >"$root/DEBIAN/prerm" <<'SCRIPT'
#!/bin/sh
set -e
if [ -d /run/systemd/system ] && { [ "$1" = remove ] || [ "$1" = upgrade ]; }; then
  systemctl stop mgmt.service || true
fi
SCRIPT
cat >"$root/DEBIAN/postrm" <<'SCRIPT'
#!/bin/sh
set -e
if [ "$1" = remove ] || [ "$1" = purge ]; then
  rm -f /etc/systemd/system/multi-user.target.wants/mgmt.service
  if [ -d /run/systemd/system ]; then systemctl daemon-reload >/dev/null || true; fi
fi
SCRIPT
chmod 0755 "$root/DEBIAN/postinst" "$root/DEBIAN/prerm" "$root/DEBIAN/postrm"

mkdir -p "$output"
deb="$output/mgmt_${version}_${arch}.deb"
# Written beside its final name and renamed, so an interrupted build never leaves a truncated package.
dpkg-deb --build --root-owner-group -Zgzip -z1 "$root" "$deb.part" >/dev/null
mv "$deb.part" "$deb"
echo "$deb"
