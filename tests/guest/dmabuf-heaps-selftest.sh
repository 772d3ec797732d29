#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Run the kernel's own tools/testing/selftests/dmabuf-heaps against every
# heap and re-emit its results as TAP. On a restricted heap the subtests that
# mmap the buffer must fail, and only with EPERM: those are reported as
# "not ok ... # TODO" (expected failure). Anything else must pass.
selftest=${1:-/tests/dmabuf-heap}
restricted=" $(ls /sys/kernel/debug/restricted_heap 2>/dev/null | tr '\n' ' ') "

"$selftest" > /tmp/dmabuf-heap.out 2>&1
rc=$?
echo "# kernel selftest dmabuf-heap exited with $rc"

awk -v restricted="$restricted" -v rc="$rc" '
function emit(ok, text, directive) {
	n++
	printf "%sok %d - dmabuf-heap[%s]: %s%s\n", ok ? "" : "not ", n, heap, text, directive
	if (!ok && directive == "")
		failed++
}
/^# Testing heap: / { heap = $4; isr = index(restricted, " " heap " ") > 0; next }
/^# Totals:/ { totals = 1 }
/^(not )?ok [0-9]+ / {
	text = $0
	sub(/^(not )?ok [0-9]+ /, "", text)
	if ($1 == "ok") {
		emit(1, text, "")
		pass[heap]++
	} else if (isr && text ~ /mmap\(\) failed!?\): Operation not permitted/) {
		emit(0, text, " # TODO restricted heap refuses mmap (EPERM)")
		xfail[heap]++
	} else {
		emit(0, text, "")
	}
	next
}
{ print "# " $0 }
END {
	if (!totals) {
		n++; failed++
		printf "not ok %d - dmabuf-heap selftest did not finish\n", n
	}
	for (h in pass) seen[h] = 1
	for (h in xfail) seen[h] = 1
	for (h in seen) {
		isr = index(restricted, " " h " ") > 0
		# restricted: 3 mmap subtests refused, 5 others pass;
		# any other heap: all 11 subtests pass
		want_pass = isr ? 5 : 11
		want_xfail = isr ? 3 : 0
		ok = (pass[h] + 0 == want_pass && xfail[h] + 0 == want_xfail)
		n++
		if (!ok) failed++
		printf "%sok %d - dmabuf-heap[%s]: %d passed, %d refused mmap (want %d, %d)\n",
			ok ? "" : "not ", n, h, pass[h], xfail[h], want_pass, want_xfail
	}
	printf "1..%d\n", n
	exit failed ? 1 : 0
}' /tmp/dmabuf-heap.out
