#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# usage: tap-wrap.sh OUT.tap NAME [--single "DESCRIPTION"] -- COMMAND...
# Run a host test command and record its output in OUT.tap, framed the way
# the guest frames its programs ("# sdp: begin/end NAME exit=N", "# sdp:
# done"), so that scripts/run-qemu.py --tap judges host and guest results
# alike. COMMAND prints TAP itself, unless --single turns its exit status
# into one result line. Always exits 0: the runner does the judging.
out=$1 name=$2
shift 2
single=
if [ "$1" = --single ]; then
	single=$2
	shift 2
fi
[ "$1" = -- ] && shift
log="${out%.tap}.log"
{
	echo "# sdp: begin $name"
	if [ -n "$single" ]; then
		"$@" > "$log" 2>&1
		rc=$?
		tail -n 5 "$log" | sed 's/^/# /'
		if [ $rc = 0 ]; then
			echo "ok 1 - $single"
		else
			echo "not ok 1 - $single (exit $rc, log $log)"
		fi
		echo "1..1"
		echo "# sdp: end $name exit=$rc"
	else
		"$@" 2>&1
		echo "# sdp: end $name exit=$?"
	fi
	echo "# sdp: done"
} > "$out.tmp"
mv "$out.tmp" "$out"
