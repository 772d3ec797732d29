#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: fetch-debs.sh DEBDIR OUTDIR PACKAGE...
# Download Debian arm64 packages into DEBDIR (once) and unpack each into
# OUTDIR/<package> with dpkg -x (again only when the .deb changed).
# The missing ones are fetched by one apt-get call: each call spends about
# 1.5 s reading the package lists.
set -eu
debs=$1 out=$2
shift 2
mkdir -p "$debs" "$out"
missing=
for p in "$@"; do
	ls "$debs/${p}_"*_arm64.deb >/dev/null 2>&1 || missing="$missing $p:arm64"
done
if [ -n "$missing" ]; then
	(cd "$debs" && apt-get download -qq -o APT::Sandbox::User=root $missing) || {
		echo "cannot download$missing; is the arm64 architecture enabled?" >&2
		echo "  dpkg --add-architecture arm64 && apt-get update" >&2
		exit 1
	}
fi
for p in "$@"; do
	deb=$(ls "$debs/${p}_"*_arm64.deb | tail -n 1)
	stamp="$out/$p/.$(basename "$deb")"
	if [ ! -e "$stamp" ]; then
		rm -rf "${out:?}/$p"
		dpkg -x "$deb" "$out/$p"
		touch "$stamp"
	fi
done
