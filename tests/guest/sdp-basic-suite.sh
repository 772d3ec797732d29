#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Run the sdp-basic client (the five phases of OP-TEE's xtest --sdp-basic)
# against the secure world at the sizes the issue asks for; one TAP result
# per run: exit status 0 and exactly five "Test passed" lines.
n=0
fail=0
sdp() {
	n=$((n + 1))
	out=$(sdp-basic "$@" 2>&1)
	rc=$?
	passed=$(echo "$out" | grep -c "^Test passed")
	if [ $rc = 0 ] && [ "$passed" = 5 ]; then
		echo "ok $n - sdp-basic $*: 5 phases passed"
	else
		echo "$out" | sed 's/^/# /'
		echo "not ok $n - sdp-basic $* (exit $rc, $passed of 5 phases passed)"
		fail=1
	fi
}

sdp -s 1 -n 20
sdp -s 4096 -n 50
sdp -s 5000 -n 200
sdp -s 5000 -n 20 --no-offset
sdp -s 4194304 -n 2
sdp -s 8388608 -n 1
sdp -s 65536 -n 5 --heap-name /dev/dma_heap/restricted-ui
echo "1..$n"
exit $fail
