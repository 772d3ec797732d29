#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Booted with board/dt-errors.dtso: every malformed linaro,restricted-heap
# node is refused with exactly one line in the kernel log, creates no heap,
# and the valid heaps keep working.
n=0
fail=0
result() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		fail=1
	fi
}

log=$(dmesg)

# refused NODE MESSAGE: one log line "restricted_heap: NODE: refused: MESSAGE"
refused() {
	count=$(echo "$log" | grep -c "restricted_heap: /reserved-memory/$1: refused: $2")
	[ "$count" = 1 ] || echo "# $1: found $count matching lines"
	result $([ "$count" = 1 ]; echo $?) "dt_refuses_$3"
	total=$(echo "$log" | grep -c "restricted_heap: /reserved-memory/$1:")
	result $([ "$total" = 1 ]; echo $?) "dt_logs_one_line_for_$3"
}

refused 'bad-mapped@76000000' 'no "no-map", the kernel would map it' missing_no_map
refused 'bad-unaligned@76200000' '0x0*76200000+0x0*1800 is not page aligned' unaligned_size
refused 'bad-empty@76400000' 'no fixed region (missing or zero-sized reg)' zero_size
refused 'bad-overlap@74f80000' 'overlaps heap restricted-ui$' overlapping_carveout
refused 'restricted-ui@76600000' 'heap name restricted-ui already taken' duplicate_name

for h in bad-mapped bad-unaligned bad-empty bad-overlap bad-disabled; do
	result $([ ! -e /dev/dma_heap/$h ]; echo $?) "dt_refused_node_${h}_creates_no_heap"
done
result $([ -z "$(echo "$log" | grep 'bad-disabled')" ]; echo $?) \
	"dt_disabled_node_is_ignored_silently"

heaps=$(ls /sys/kernel/debug/restricted_heap | tr '\n' ' ')
result $([ "$heaps" = "restricted restricted-ui " ]; echo $?) \
	"dt_valid_heaps_remain ($heaps)"
heap_test restricted restricted-ui > /tmp/heap.tap 2>&1
rc=$?
result $rc "dt_valid_heaps_pass_heap_test"
[ $rc = 0 ] || sed 's/^/# /' /tmp/heap.tap
echo "1..$n"
exit $fail
