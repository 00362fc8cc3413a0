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
	apt-cache depends "linux-headers-$debarch" 2>/dev/null |
		sed -n "s/.*Depends: linux-headers-\(.*-$debarch\)$/\1/p" | head -n 1
}
