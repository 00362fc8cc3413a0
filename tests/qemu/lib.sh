# SPDX-License-Identifier: GPL-2.0-only
# Shared settings for the QEMU harness scripts. Sourced, never run.

KBPF_CACHE=${KBPF_CACHE:-$HOME/.cache/kbpf}
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
	if [ ! -x "$dir/root/bin/busybox" ]; then
		rm -rf "$dir" && mkdir -p "$dir"
		(cd "$dir" && apt-get download "busybox-static:$(guest_debarch "$1")" >/dev/null 2>&1) ||
			die "apt-get download busybox-static:$(guest_debarch "$1") failed (run 'make deps')"
		dpkg -x "$dir"/busybox-static_*.deb "$dir/root"
	fi
	echo "$dir/root/bin/busybox"
}
