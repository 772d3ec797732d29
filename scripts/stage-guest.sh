#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Assemble the guest initramfs.
# usage: stage-guest.sh BUILD_DIR KERNEL_SRC OUT.cpio PROGRAM...
# Debian arm64 packages from scripts/guest-packages.txt are downloaded into
# BUILD_DIR/debs and unpacked into BUILD_DIR/guest-pkgs; the project's
# programs and scripts go to /tests. No root needed: the archive is written by
# the kernel's gen_init_cpio from a listing.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(realpath -m "$1") ksrc=$(realpath "$2") out=$(realpath -m "$3")
shift 3

pkgs=$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$top/scripts/guest-packages.txt")
mkdir -p "$build/debs" "$build/guest-pkgs"
for p in $pkgs; do
	if ! ls "$build/debs/${p}_"*_arm64.deb >/dev/null 2>&1; then
		(cd "$build/debs" && apt-get download -qq -o APT::Sandbox::User=root "$p:arm64") || {
			echo "cannot download $p:arm64; is the arm64 architecture enabled?" >&2
			echo "  dpkg --add-architecture arm64 && apt-get update" >&2
			exit 1
		}
	fi
	deb=$(ls "$build/debs/${p}_"*_arm64.deb | tail -n 1)
	stamp="$build/guest-pkgs/.$(basename "$deb")"
	if [ ! -e "$stamp" ]; then
		dpkg -x "$deb" "$build/guest-pkgs"
		touch "$stamp"
	fi
done

gen="$build/gen_init_cpio"
if [ ! -x "$gen" ] || [ "$ksrc/usr/gen_init_cpio.c" -nt "$gen" ]; then
	gcc -O2 -o "$gen" "$ksrc/usr/gen_init_cpio.c"
fi

list="$out.list"
{
	for d in /bin /dev /proc /sys /tmp /tests; do
		echo "dir $d 755 0 0"
	done
	echo "nod /dev/console 600 0 0 c 5 1"
	echo "file /bin/busybox $build/guest-pkgs/bin/busybox 755 0 0"
	echo "file /init $top/tests/guest/init 755 0 0"
	for f in "$@"; do
		echo "file /tests/$(basename "$f") $(realpath "$f") 755 0 0"
	done
} > "$list"
"$gen" "$list" > "$out.tmp"
mv "$out.tmp" "$out"
