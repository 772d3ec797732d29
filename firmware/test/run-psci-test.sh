#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# run-psci-test.sh OUTDIR: boot OUTDIR/fw.bin in QEMU with the normal-world
# PSCI test payload (test/psci-test) where the kernel goes; pass if QEMU
# powers off by itself (PSCI SYSTEM_OFF, status 0), every TAP line is ok
# and the secure log has no PANIC. Logs: OUTDIR/test/psci-test.{console,secure}.
set -u
O=$1
log=$O/test/psci-test
rm -f "$log.console" "$log.secure"
timeout 120 qemu-system-aarch64 \
	-M virt,secure=on,virtualization=on,gic-version=3,acpi=off \
	-cpu cortex-a57 -smp 2 -m 1024M -display none -monitor none \
	-nic none -no-reboot \
	-serial "file:$log.console" -serial "file:$log.secure" \
	-bios "$O/fw.bin" \
	-device "loader,file=$log.bin,addr=0x40200000,force-raw=on"
rc=$?
fail=0
[ "$rc" = 0 ] || { echo "psci-test: QEMU exit status $rc"; fail=1; }
grep -q '^# psci-test: PASS' "$log.console" || fail=1
if grep -q '^PANIC' "$log.secure"; then
	grep '^PANIC' "$log.secure"
	fail=1
fi
if [ "$fail" != 0 ] || [ "${V:-0}" = 1 ]; then
	tr -d '\r' < "$log.console"
	cat "$log.secure"
fi
passed=$(grep -c '^ok ' "$log.console")
failed=$(grep -c '^not ok' "$log.console")
echo "psci-test: $passed passed, $failed failed"
[ "$fail" = 0 ] && [ "$failed" = 0 ]
