#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install the host packages listed in scripts/host-packages.txt.
# As root this runs apt-get; otherwise it prints the command to run.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
pkgs=$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$here/host-packages.txt")

missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "missing host packages:$missing" >&2
	echo "run as root: dpkg --add-architecture arm64 && apt-get update && apt-get install -y --no-install-recommends$missing" >&2
	exit 1
fi

echo "installing host packages:$missing"
dpkg --print-foreign-architectures | grep -qx arm64 || dpkg --add-architecture arm64
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends $missing
