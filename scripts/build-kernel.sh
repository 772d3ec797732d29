#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Configure (allnoconfig + fragments) and build the arm64 kernel Image.
# usage: build-kernel.sh SRC OBJ FRAGMENT...
set -eu
src=$(realpath "$1") obj=$(realpath -m "$2")
shift 2
jobs=$(nproc)
kmake() {
	make --no-print-directory -C "$src" O="$obj" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- \
		CC="ccache aarch64-linux-gnu-gcc" -j"$jobs" "$@"
}

mkdir -p "$obj"
cat "$@" > "$obj/sdp.fragment"
kmake -s KCONFIG_ALLCONFIG="$obj/sdp.fragment" allnoconfig

# Every "=y"/"=value" the fragments ask for must have survived Kconfig.
missing=0
while IFS= read -r line; do
	case "$line" in CONFIG_*=*) ;; *) continue ;; esac
	if ! grep -qx "$line" "$obj/.config"; then
		echo "kernel config: $line did not take effect (dependency missing?)" >&2
		missing=1
	fi
done < "$obj/sdp.fragment"
[ "$missing" = 0 ] || exit 1

# "modules" too: it writes Module.symvers and scripts/module.lds, which the
# out-of-tree test modules (tests/kmod) are built against.
kmake ${V:+V=1} Image modules
cat "$src/.sdp-version"
