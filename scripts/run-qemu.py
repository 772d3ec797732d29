#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Boot the guest in QEMU, run one suite per boot and judge the result.

For every suite: append the suite's DT fragments and /chosen (bootargs,
initrd range) to the board DT source, boot QEMU with a timeout, save the
serial console to LOGDIR/<suite>.console and the test output (virtio
console) to LOGDIR/<suite>.tap. A suite fails on a timeout, on any kernel
Oops, BUG, WARNING, panic, "Unable to handle", KASAN, lockdep or kmemleak
report in the console, and on any
TAP failure: a "not ok" without TODO; a program that prints no plan, whose
results do not match its plan, or that exits nonzero without a failed test;
a "# SKIP" without a reason or not listed for this board in the
expected-skips file (tests/guest/expected-skips).
The last line is "N passed, M failed[, K skipped]".
"""

import argparse
import os
import re
import subprocess
import sys
import time

DEFAULT_SKIPS = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                             "..", "tests", "guest", "expected-skips")
# KASAN ("BUG: KASAN:"), lockdep ("WARNING: possible ...", "BUG: ..."),
# might_sleep ("BUG: sleeping function") and kmemleak (the guest's init
# prints /sys/kernel/debug/kmemleak after a scan) on the debug kernel too.
KERNEL_ALARMS = re.compile(
    r"Oops|BUG:|WARNING:|Kernel panic|Unable to handle|Internal error:|"
    r"Call trace:|kernel BUG|KASAN|UBSAN|unreferenced object|"
    r"suspected memory leak|inconsistent lock state|possible recursive locking|"
    r"possible circular locking|suspicious RCU usage|list_(add|del) corruption")
# "# SKIP reason" / "# TODO reason" after a result or a plan
DIRECTIVE = re.compile(r"\s*#\s*(SKIP|TODO)\S*\s*(.*)$", re.I)


def read_expected_skips(path, board):
    """{(SUITE/PROG, TEST NAME)} of the skips expected on @board.

    A line is "BOARD SUITE/PROG [TEST NAME]"; without a test name the whole
    program may skip (plan "1..0 # SKIP reason"). Blank and "#" lines are
    comments.
    """
    expected = set()
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            fields = line.split(None, 2)
            if len(fields) < 2 or "/" not in fields[1]:
                sys.exit(f"{path}:{n}: expected BOARD SUITE/PROG [TEST NAME]")
            if fields[0] == board:
                expected.add((fields[1], fields[2] if len(fields) > 2 else ""))
    return expected


def parse_result(line):
    """(not_ok, name, directive, reason) of a TAP result line, or None.

    directive is "SKIP", "TODO" or None; name and reason are stripped.
    """
    m = re.match(r"(not )?ok\b\s*(?:\d+\b)?\s*(?:-\s)?(.*)", line)
    if not m:
        return None
    name, directive, reason = m.group(2), None, ""
    d = DIRECTIVE.search(name)
    if d:
        name, directive, reason = name[:d.start()], d.group(1).upper(), \
            d.group(2)
    return bool(m.group(1)), name.strip(), directive, reason.strip()


def read_layout(path):
    """Hex values of the board layout header, as integers."""
    values = {}
    with open(path) as f:
        for line in f:
            m = re.match(r"#define\s+(\w+)\s+([0-9a-fA-F]+)\s*$", line)
            if m:
                values[m.group(1)] = int(m.group(2), 16)
    return values


def run(cmd, **kw):
    subprocess.run(cmd, check=True, **kw)


def make_dtb(args, suite, fragments, workdir, initrd_size, layout):
    """Board DTB + extra DT source fragments + /chosen for this boot."""
    start = layout["INITRD_ADDR"]
    if initrd_size > layout["INITRD_MAX"]:
        sys.exit(f"initramfs is {initrd_size} bytes, the board allows "
                 f"{layout['INITRD_MAX']}")
    bootargs = f"console=ttyAMA0 sdp.suite={suite} {args.bootargs}".strip()
    base = subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dts", args.dtb],
                          check=True, capture_output=True, text=True).stdout
    parts = [base]
    for frag in fragments:
        with open(frag) as f:
            parts.append(f.read())
    parts.append("&{/chosen} {\n"
                 f'\tbootargs = "{bootargs}";\n'
                 f"\tlinux,initrd-start = <0x0 {start:#x}>;\n"
                 f"\tlinux,initrd-end = <0x0 {start + initrd_size:#x}>;\n"
                 "};\n")
    dts = os.path.join(workdir, f"{suite}.dts")
    dtb = os.path.join(workdir, f"{suite}.dtb")
    with open(dts, "w") as f:
        f.write("\n".join(parts))
    run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", dtb, dts])
    return dtb


def boot(args, suite, fragments, layout, firmware):
    os.makedirs(args.logdir, exist_ok=True)
    initrd_size = os.path.getsize(args.initrd)
    dtb = make_dtb(args, suite, fragments, args.logdir, initrd_size, layout)
    console = os.path.join(args.logdir, f"{suite}.console")
    tap = os.path.join(args.logdir, f"{suite}.tap")
    for f in (console, tap):
        if os.path.exists(f):
            os.unlink(f)
    secure = os.path.join(args.logdir, f"{suite}.secure")
    cmd = [
        "qemu-system-aarch64", "-M", args.machine, "-cpu", "cortex-a57",
        "-smp", "2", "-m", f"{layout['RAM_SIZE'] >> 20}M",
        "-display", "none", "-monitor", "none", "-nic", "none",
        "-no-reboot", "-serial", "stdio", "-dtb", dtb,
    ]
    if firmware:
        # EL3 firmware from flash; it enters the kernel at KERNEL_ADDR with
        # the DTB QEMU placed at DTB_ADDR. Its log: the secure UART.
        cmd += [
            "-serial", f"file:{secure}", "-bios", firmware,
            "-device", f"loader,file={args.kernel},"
                       f"addr={layout['KERNEL_ADDR']:#x},force-raw=on",
        ]
    else:
        cmd += ["-kernel", args.kernel]
    cmd += [
        "-device", f"loader,file={args.initrd},"
                   f"addr={layout['INITRD_ADDR']:#x},force-raw=on",
        "-device", "virtio-serial-device",
        "-chardev", f"file,id=tap,path={tap}",
        "-device", "virtconsole,chardev=tap",
    ]
    if args.verbose:
        print(" ".join(cmd))
    started = time.monotonic()
    timed_out = False
    with open(console, "wb") as log:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT)
        os.set_blocking(proc.stdout.fileno(), False)
        while True:
            chunk = proc.stdout.read()
            if chunk:
                log.write(chunk)
                log.flush()
                if args.show_console:
                    sys.stdout.buffer.write(chunk)
                    sys.stdout.flush()
            if proc.poll() is not None:
                rest = proc.stdout.read()
                if rest:
                    log.write(rest)
                    if args.show_console:
                        sys.stdout.buffer.write(rest)
                break
            if time.monotonic() - started > args.timeout:
                proc.kill()
                proc.wait()
                timed_out = True
                break
            time.sleep(0.05)
    elapsed = time.monotonic() - started
    return console, tap, proc.returncode, timed_out, elapsed, secure


class Tally:
    def __init__(self):
        self.passed = self.failed = self.skipped = self.xfail = 0
        self.failures = []

    def fail(self, what):
        self.failed += 1
        self.failures.append(what)


def judge_skip(prog, name, reason, line, tally, board, expected):
    """A skip counts only with a reason and if expected on this board."""
    if not reason:
        tally.fail(f"{prog}: SKIP without a reason: {line}")
    elif (prog, name) not in expected:
        tally.fail(f"{prog}: SKIP not expected on board {board}: {line}")
    else:
        tally.skipped += 1


def judge_tap(suite, tap, tally, echo, board, expected):
    """Count results; check each program's plan, exit status and skips."""
    try:
        with open(tap, errors="replace") as f:
            lines = f.read().splitlines()
    except FileNotFoundError:
        lines = []
    prog, count, failed_in_prog, planned, done = None, 0, 0, False, False
    for line in lines:
        if echo:
            print(line)
        m = re.match(r"# sdp: begin (\S+)", line)
        if m:
            prog, count, failed_in_prog, planned = m.group(1), 0, 0, False
            continue
        m = re.match(r"# sdp: end (\S+) exit=(\d+)", line)
        if m:
            if not planned:
                tally.fail(f"{suite}/{prog}: exit status {m.group(2)} "
                           "without a TAP plan")
            elif count:
                tally.fail(f"{suite}/{prog}: {count} result(s) after the "
                           "last plan")
            elif int(m.group(2)) != 0 and failed_in_prog == 0:
                tally.fail(f"{suite}/{prog}: exit status {m.group(2)} "
                           "without a failed test")
            prog = None
            continue
        if line == "# sdp: done":
            done = True
            continue
        m = re.match(r"1\.\.(\d+)(.*)", line)
        if m and prog:
            # A plan closes one TAP stream; a program may print several.
            planned = True
            if int(m.group(1)) != count:
                tally.fail(f"{suite}/{prog}: plan 1..{m.group(1)} but "
                           f"{count} results")
            if int(m.group(1)) == 0:
                # "1..0 # SKIP reason": the whole program skipped
                d = DIRECTIVE.match(m.group(2))
                reason = d.group(2).strip() if d and \
                    d.group(1).upper() == "SKIP" else ""
                judge_skip(f"{suite}/{prog}", "", reason, line, tally, board,
                           expected)
            count = 0
            continue
        r = parse_result(line)
        if not r:
            continue
        not_ok, name, directive, reason = r
        count += 1
        if directive == "SKIP":
            judge_skip(f"{suite}/{prog}", name, reason, line, tally, board,
                       expected)
        elif directive == "TODO" and not_ok:
            tally.xfail += 1
            tally.passed += 1
        elif not_ok:
            tally.fail(f"{suite}: {line}")
            failed_in_prog += 1
        else:
            tally.passed += 1
    if prog:
        tally.fail(f"{suite}/{prog}: output ends inside the program")
    if not done:
        tally.fail(f"{suite}: the guest did not finish the suite")


def judge_console(suite, console, tally):
    with open(console, errors="replace") as f:
        for line in f:
            if KERNEL_ALARMS.search(line):
                tally.fail(f"{suite}: kernel: {line.strip()}")


def judge_secure_log(suite, log, tally):
    """The firmware reports fatal conditions with lines starting PANIC."""
    try:
        with open(log, errors="replace") as f:
            for line in f:
                if line.startswith("PANIC"):
                    tally.fail(f"{suite}: firmware: {line.strip()}")
    except FileNotFoundError:
        tally.fail(f"{suite}: no secure-world log {log}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--initrd", required=True)
    ap.add_argument("--dtb", required=True, help="board DTB")
    ap.add_argument("--layout", required=True, help="board/layout.h")
    ap.add_argument("--machine", default="virt")
    ap.add_argument("--firmware", help="EL3 firmware for -bios (secure board)")
    ap.add_argument("--suite-firmware", action="append", default=[],
                    metavar="SUITE=FILE",
                    help="another firmware image for that suite's boot")
    ap.add_argument("--board",
                    help="board name for expected skips (default: secure "
                         "with --firmware, else virt)")
    ap.add_argument("--expected-skips", default=DEFAULT_SKIPS,
                    help="lines BOARD SUITE/PROG TEST NAME (default: "
                         "tests/guest/expected-skips)")
    ap.add_argument("--bootargs", default="")
    ap.add_argument("--logdir", required=True)
    ap.add_argument("--timeout", type=int, default=600)
    ap.add_argument("--show-console", action="store_true")
    ap.add_argument("--quiet-tap", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--tap", action="append", default=[],
                    help="host-side TAP file to count as well (tap-wrap.sh)")
    ap.add_argument("suites", nargs="*",
                    help="SUITE or SUITE:FRAGMENT.dtsi[,...] (DT source to append)")
    args = ap.parse_args()
    layout = read_layout(args.layout)
    board = args.board or ("secure" if args.firmware else "virt")
    try:
        expected = read_expected_skips(args.expected_skips, board)
    except OSError as e:
        sys.exit(f"expected skips: {e}")

    suite_firmware = {}
    for spec in args.suite_firmware:
        suite, sep, path = spec.partition("=")
        if not sep or not suite or not path or not args.firmware:
            sys.exit(f"--suite-firmware {spec}: need SUITE=FILE and "
                     "--firmware")
        suite_firmware[suite] = path

    tally = Tally()
    for tap in args.tap:
        name = os.path.basename(tap).rsplit(".", 1)[0]
        print(f"== host {name}", flush=True)
        judge_tap(name, tap, tally, not args.quiet_tap, board, expected)
    for spec in args.suites:
        suite, _, extra = spec.partition(":")
        fragments = extra.split(",") if extra else []
        firmware = suite_firmware.get(suite, args.firmware)
        print(f"== suite {suite}" +
              (f" ({os.path.basename(os.path.dirname(firmware))})"
               if firmware else ""), flush=True)
        console, tap, rc, timed_out, elapsed, secure = boot(
            args, suite, fragments, layout, firmware)
        if timed_out:
            tally.fail(f"{suite}: timed out after {args.timeout} s")
        elif rc != 0:
            tally.fail(f"{suite}: QEMU exited with status {rc}")
        judge_console(suite, console, tally)
        if firmware:
            judge_secure_log(suite, secure, tally)
        judge_tap(suite, tap, tally, not args.quiet_tap, board, expected)
        print(f"== suite {suite}: {elapsed:.1f} s, console {console}",
              flush=True)

    for what in tally.failures:
        print(f"FAILED: {what}")
    if tally.xfail:
        print(f"expected failures (TODO): {tally.xfail}")
    line = f"{tally.passed} passed, {tally.failed} failed"
    if tally.skipped:
        line += f", {tally.skipped} skipped"
    print(line)
    return 1 if tally.failed else 0


if __name__ == "__main__":
    sys.exit(main())
