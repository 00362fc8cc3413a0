#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Build (or find in the cache) the debug guest kernel: Debian's linux-source-6.1
# on tinyconfig plus debug.config (KUnit, KASAN, lockdep, kmemleak, ...).
# Prints the build directory, which holds arch/x86/boot/bzImage and works as
# KDIR for external modules.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

fragment="$here/debug.config"
tarball=/usr/src/linux-source-6.1.tar.xz
[ -f "$tarball" ] || die "$tarball missing: run 'make deps'"

srcver=$(dpkg-query -W -f='${Version}' linux-source-6.1)
cfghash=$(cat "$fragment" "$0" | sha256sum | cut -c1-12)
src="$KBPF_CACHE/linux-source-$srcver"
out="$KBPF_CACHE/debug-kernel-$srcver-$cfghash"
mkdir -p "$KBPF_CACHE"

exec 9>"$KBPF_CACHE/debug-kernel.lock"
flock 9

if [ -f "$out/.kbpf-done" ]; then
	echo "$out"
	exit 0
fi

if [ ! -f "$src/.kbpf-unpacked" ]; then
	note "unpacking linux-source $srcver"
	rm -rf "$src" "$src.tmp"
	mkdir -p "$src.tmp"
	tar -xf "$tarball" -C "$src.tmp" --strip-components=1
	mv "$src.tmp" "$src"
	touch "$src/.kbpf-unpacked"
fi

note "configuring debug kernel in $out"
mkdir -p "$out"
make -s -C "$src" O="$out" tinyconfig >/dev/null
"$src/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" "$fragment" >/dev/null
make -s -C "$src" O="$out" olddefconfig >/dev/null

# Kconfig silently drops options whose dependencies are unmet: insist on each.
missing=0
while IFS= read -r line; do
	case "$line" in CONFIG_*=*) ;; *) continue ;; esac
	if ! grep -qx "$line" "$out/.config"; then
		echo "kbpf-harness: debug kernel: '$line' did not survive olddefconfig" >&2
		missing=1
	fi
done <"$fragment"
[ "$missing" = 0 ] || die "debug kernel config incomplete"

jobs=$(($(nproc) + 1))
note "building debug kernel (-j$jobs; 10-20 minutes on 2 cores the first time)"
start=$(date +%s)
make -s -C "$src" O="$out" -j"$jobs" bzImage modules >"$out/build.log" 2>&1 ||
	{ tail -n 40 "$out/build.log" >&2; die "debug kernel build failed"; }
note "debug kernel built in $(($(date +%s) - start)) s"
touch "$out/.kbpf-done"
echo "$out"
