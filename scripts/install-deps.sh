#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian 12 packages that `make check` needs: both target
# kernels with headers, qemu, the toolchain, the tool's libraries and what
# the selftests use inside the VMs; with "debug", also what building the
# debug kernel of `make check-debug` takes. Does nothing when all are
# present.
#
# usage: install-deps.sh [debug]
set -euo pipefail

pkgs=(
	build-essential pkg-config libmnl-dev sparse dkms kmod xz-utils shellcheck
	linux-image-amd64 linux-headers-amd64
	linux-image-6.12-amd64 linux-headers-6.12-amd64 linux-source-6.12
	qemu-system-x86 busybox-static
	iproute2 iputils-ping procps ethtool strace jq python3 python3-yaml python3-jsonschema python3-scapy iperf3 socat tcpdump nftables
)

[ "${1:-}" != debug ] || pkgs+=(bc bison flex libelf-dev libssl-dev cpio)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: need root to install: ${missing[*]}" >&2
	exit 1
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
