#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# Installs the Debian 12 packages kbpf needs to build, test and demo.
# Installs only what is missing, so it is cheap to call every time.
set -euo pipefail

abi=$(apt-cache depends linux-headers-amd64 2>/dev/null |
	sed -n 's/.*Depends: linux-headers-\(.*-amd64\)$/\1/p' | head -n 1)

packages=(
	build-essential make gcc libc6-dev bc flex bison libssl-dev libelf-dev
	dwarves kmod cpio xz-utils rsync python3 dkms
	linux-headers-amd64 linux-source-6.1
	clang llvm libclang-rt-14-dev libbpf-dev
	qemu-system-x86 busybox-static
	qemu-system-arm gcc-aarch64-linux-gnu libc6-dev-arm64-cross
	zlib1g-dev libelf-dev:arm64 zlib1g-dev:arm64 libbpf-dev:arm64
	libcapstone-dev libcapstone-dev:arm64 qemu-user-static
)

# The arm64 guest's kernel, headers and busybox come from Debian's arm64
# archive, and the cross-built static tool links arm64 libelf, libbpf and
# zlib: apt must know the architecture.
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
	if [ "$(id -u)" != 0 ]; then
		echo "kbpf deps: run 'make deps' as root to add the arm64 architecture" >&2
		exit 1
	fi
	echo "kbpf deps: adding the arm64 package architecture (for guest images)" >&2
	dpkg --add-architecture arm64
	apt-get update -qq
fi

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing+=("$p")
done
if [ -n "$abi" ] && [ ! -d "/usr/src/linux-headers-$abi" ]; then
	missing+=("linux-headers-$abi")
fi

if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	echo "kbpf deps: missing ${missing[*]}; run 'make deps' as root" >&2
	exit 1
fi
echo "kbpf deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
