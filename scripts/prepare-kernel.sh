#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Prepare the kernel tree: unpack Debian's linux-source-6.12 into $1, copy the
# project's kernel files in at their paths and apply patches/series.
# Re-running only touches what changed, so kbuild rebuilds only that.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
src=$1
tarball=/usr/src/linux-source-6.12.tar.xz
stamp=$src/.sdp-source

version=$(dpkg-query -W -f='${Version}' linux-source-6.12)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$version" ]; then
	echo "  UNPACK  linux-source-6.12 $version"
	rm -rf "$src" "$src.tmp"
	mkdir -p "$src.tmp"
	tar -xf "$tarball" -C "$src.tmp" --strip-components=1
	mv "$src.tmp" "$src"
	echo "$version" > "$stamp"
fi

# Patches: revert the previously applied series if it changed, apply the new.
# Only patches/series and the patches it lists count: patches/commits/
# describes the git series of `make patches` and changes nothing here.
applied=$src/.sdp-applied
series_changed() {
	cmp -s "$applied/series" "$top/patches/series" || return 0
	while read -r p; do
		[ -n "$p" ] || continue
		cmp -s "$applied/$p" "$top/patches/$p" || return 0
	done < "$top/patches/series"
	return 1
}
if [ -d "$applied" ] && series_changed; then
	tac "$applied/series" | while read -r p; do
		[ -n "$p" ] && patch -s -R -p1 -d "$src" < "$applied/$p"
	done
	rm -rf "$applied"
fi
if [ ! -d "$applied" ]; then
	while read -r p; do
		[ -n "$p" ] || continue
		echo "  PATCH   $p"
		patch -s -p1 -d "$src" --no-backup-if-mismatch < "$top/patches/$p"
	done < "$top/patches/series"
	mkdir -p "$applied"
	cp "$top/patches/series" "$applied/"
	while read -r p; do
		[ -n "$p" ] && cp "$top/patches/$p" "$applied/"
	done < "$top/patches/series"
fi

# New files: copied only when their content differs, so mtimes stay put.
cd "$top"
find drivers include Documentation tools -type f 2>/dev/null | while read -r f; do
	if ! cmp -s "$f" "$src/$f"; then
		mkdir -p "$(dirname "$src/$f")"
		cp "$f" "$src/$f"
	fi
done
echo "Linux $(make -s -C "$src" kernelversion) (Debian linux-source-6.12 $version)" > "$src/.sdp-version"
