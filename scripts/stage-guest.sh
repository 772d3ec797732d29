#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Assemble the guest initramfs.
# usage: stage-guest.sh BUILD_DIR KERNEL_SRC OUT.cpio PROGRAM...
# The files scripts/guest-packages.txt selects from Debian arm64 packages
# (downloaded into BUILD_DIR/debs, unpacked into BUILD_DIR/guest-pkgs) and
# the project's programs and scripts (to /tests), its GStreamer plugin
# (libgst*.so: to /usr/lib/sdp/gstreamer-1.0), and the demo's clips and
# digest lists, the clear Motion-JPEG streams, the WebM clips (*.sdpclip,
# *.sha256, *.hdr, *.webm: to /usr/share/sdp-demo). No root
# needed: the archive is written by the kernel's gen_init_cpio from a listing.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(realpath -m "$1") ksrc=$(realpath "$2") out=$(realpath -m "$3")
shift 3

pkglist=$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$top/scripts/guest-packages.txt")
"$top/scripts/fetch-debs.sh" "$build/debs" "$build/guest-pkgs" \
	$(echo "$pkglist" | awk '{print $1}')

# "dir"/"file"/"slink" lines for the selected files of each package.
package_entries() {
	echo "$pkglist" | while read -r pkg globs; do
		(
			cd "$build/guest-pkgs/$pkg"
			for g in $globs; do
				found=0
				for f in $g; do
					[ -e "$f" ] || [ -L "$f" ] || continue
					found=1
					d=$(dirname "$f")
					while [ "$d" != . ]; do
						echo "dir /$d 755 0 0"
						d=$(dirname "$d")
					done
					if [ -L "$f" ]; then
						echo "slink /$f $(readlink "$f") 777 0 0"
					else
						echo "file /$f $PWD/$f 755 0 0"
					fi
				done
				[ $found = 1 ] || { echo "$pkg: no file matches $g" >&2; exit 1; }
			done
		) || exit 1
	done
}

gen="$build/gen_init_cpio"
if [ ! -x "$gen" ] || [ "$ksrc/usr/gen_init_cpio.c" -nt "$gen" ]; then
	gcc -O2 -o "$gen" "$ksrc/usr/gen_init_cpio.c"
fi

list="$out.list"
{
	# Sorted by path, so every directory precedes what it holds.
	{
		for d in /bin /dev /proc /sys /tmp /tests /usr /usr/lib \
			/usr/lib/sdp /usr/lib/sdp/gstreamer-1.0 /usr/share \
			/usr/share/sdp-demo; do
			echo "dir $d 755 0 0"
		done
		package_entries
	} | sort -u -k2,2
	echo "nod /dev/console 600 0 0 c 5 1"
	echo "file /init $top/tests/guest/init 755 0 0"
	for f in "$@"; do
		case "$f" in
		# the demo's content: data, not programs
		*.sdpclip | *.sha256 | *.hdr | *.webm)
			echo "file /usr/share/sdp-demo/$(basename "$f") $(realpath "$f") 644 0 0" ;;
		*/libgst*.so)	# the project's GStreamer plugin (GST_PLUGIN_PATH)
			echo "file /usr/lib/sdp/gstreamer-1.0/$(basename "$f") $(realpath "$f") 644 0 0" ;;
		*)
			echo "file /tests/$(basename "$f") $(realpath "$f") 755 0 0" ;;
		esac
	done
} > "$list"
"$gen" "$list" > "$out.tmp"
mv "$out.tmp" "$out"
