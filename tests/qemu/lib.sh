# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
# Shared settings for the QEMU harness scripts. Sourced, never run.

KBPF_CACHE=${KBPF_CACHE:-$HOME/.cache/kbpf}
KBPF_QEMU_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ARCH_GUEST=${ARCH_GUEST:-x86_64}

die() { echo "kbpf-harness: $*" >&2; exit 1; }
note() { echo "kbpf-harness: $*" >&2; }

# Debian package architecture and kernel flavour for a guest architecture.
guest_debarch() {
	case "$1" in
	x86_64) echo amd64 ;;
	arm64) echo arm64 ;;
	*) die "unknown guest architecture '$1'" ;;
	esac
}

# The ABI of Debian's current stock kernel, e.g. 6.1.0-56-amd64.
stock_abi() {
	local debarch
	debarch=$(guest_debarch "$1")
	apt-cache depends "linux-headers-$debarch:$debarch" 2>/dev/null |
		sed -n "s/.*Depends: linux-headers-\(.*-$debarch\)\(:$debarch\)\{0,1\}$/\1/p" |
		head -n 1
}

# A static busybox for the guest architecture (the host's own for x86_64).
guest_busybox() {
	local dir
	case "$1" in
	x86_64) echo /bin/busybox; return ;;
	esac
	dir="$KBPF_CACHE/busybox-$1"
	if [ ! -f "$dir/.kbpf-done" ]; then
		mkdir -p "$KBPF_CACHE"
		(
			flock 9
			[ ! -f "$dir/.kbpf-done" ] || exit 0
			rm -rf "$dir" && mkdir -p "$dir"
			(cd "$dir" && apt-get download "busybox-static:$(guest_debarch "$1")" >/dev/null 2>&1) ||
				die "apt-get download busybox-static:$(guest_debarch "$1") failed (run 'make deps')"
			dpkg -x "$dir"/busybox-static_*.deb "$dir/root"
			rm -f "$dir"/*.deb
			touch "$dir/.kbpf-done"
		) 9>"$dir.lock" || exit 1
	fi
	echo "$dir/root/bin/busybox"
}

# The console lines that fail a guest run, as one extended regex. The list
# lives in console-patterns; run-guest.sh and kunit-extract.sh both use it.
console_regex() {
	grep -v -e '^#' -e '^$' "$KBPF_QEMU_DIR/console-patterns" | paste -sd'|'
}

# Strips the printk timestamp ("[   12.345678] ") from console lines.
strip_timestamps() {
	sed -E 's/^\[ *[0-9]+\.[0-9]+\] ?//'
}
