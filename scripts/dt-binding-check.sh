#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dt-binding-check.sh KERNEL_SRC BUILD_DIR
#
# Runs the kernel's own
#   make dt_binding_check DT_SCHEMA_FILES=reserved-memory/linaro,restricted-heap.yaml
# in KERNEL_SRC (which must already contain the binding) against the dt-schema
# that scripts/fetch-dtschema.sh unpacks into BUILD_DIR/dtschema, out of tree
# in BUILD_DIR/dtcheck-obj, so KERNEL_SRC is not written to.
#
# The kernel's rules ignore the checkers' exit codes (`|| true`), so this
# script reads what they print instead: any diagnostic about the binding or
# its example (a schema error, "... is not valid under ...", a dtc warning,
# a yamllint message, ...) or any output it cannot attribute, fails the check.
# Only warnings that name other schema files of the tree are let through
# (dt-mk-schema reports a few on Linux 6.12; they are counted in the summary).
# The example must have been compiled to a .dtb and validated in this run.
#
# Quiet on success: one summary line. On failure: the diagnostics, the log
# path, and exit status 1.

set -euo pipefail

BINDING=reserved-memory/linaro,restricted-heap.yaml

if [ $# -ne 2 ]; then
	echo "usage: $0 KERNEL_SRC BUILD_DIR" >&2
	exit 2
fi

here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$1" && pwd -P)
mkdir -p "$2"
build=$(cd "$2" && pwd -P)

die() { echo "dt-binding-check: $*" >&2; exit 1; }

bindings=$src/Documentation/devicetree/bindings
[ -f "$bindings/$BINDING" ] || die "$bindings/$BINDING missing"
[ -x /usr/bin/yamllint ] || die "/usr/bin/yamllint missing (Debian package yamllint)"

start=$(date +%s)

# dt-schema (downloads only the first time)
dts=$build/dtschema
if ! out=$("$here/fetch-dtschema.sh" "$dts" 2>&1); then
	echo "$out" >&2
	die "fetching dt-schema failed"
fi
ver=$(cat "$dts/version")
jsver=$(PYTHONPATH=$(cat "$dts/pythonpath") /usr/bin/python3 -s -c \
	'import importlib.metadata as m; print(m.version("jsonschema"))')

# The Makefile looks yamllint up on PATH: use Debian's, not a pyenv one.
tools=$build/dtcheck-bin
mkdir -p "$tools"
printf '#!/bin/sh\nexec /usr/bin/python3 -s /usr/bin/yamllint "$@"\n' > "$tools/yamllint"
chmod +x "$tools/yamllint"
export PATH="$dts/bin:$tools:$PATH"
unset DT_SCHEMA_FILES DT_CHECKER DT_CHECKER_FLAGS DT_DOC_CHECKER \
	DT_EXTRACT_EX DT_MK_SCHEMA DT_MK_SCHEMA_FLAGS CHECK_DTBS

obj=$build/dtcheck-obj
bobj=$obj/Documentation/devicetree/bindings
ex=$bobj/${BINDING%.yaml}.example
log=$build/dtcheck.log
passed=$build/.dtcheck-passed
mkdir -p "$obj"

# kbuild only redoes what changed, and the checks' results are not part of
# its state: make the binding check, the lint and the example run every
# time. After a failed run, regenerate processed-schema.json as well, so
# its warnings are shown again.
rm -f "$bobj/.dt-binding.checked" "$bobj/.yamllint.checked" \
	"$ex.dts" "$ex.dtb"
[ -f "$passed" ] || rm -f "$bobj/processed-schema.json"
rm -f "$passed"

status=0
make -C "$src" O="$obj" -j"$(nproc)" \
	DT_SCHEMA_FILES="$BINDING" dt_binding_check >"$log" 2>&1 || status=$?

# Sort the output: kbuild's progress lines and make's directory messages
# are noise; a line starting with white space continues the diagnostic
# before it; a diagnostic that names only other files under bindings/ is
# unrelated; everything else is an error.
name=$(basename "$BINDING" .yaml)
filtered=$(awk -v bdir="$bindings/" -v name="$name" '
	/^  [A-Z][A-Z0-9_]*( \[C\])? +[^ ]/ { next }
	/^make(\[[0-9]+\])?: (Entering|Leaving) directory/ { next }
	/^[ \t]/ && cls != "" { print cls "\t" $0; next }
	{
		cls = "E"
		if (index($0, name) == 0 && index($0, bdir) == 1)
			cls = "U"
		print cls "\t" $0
	}' "$log")
errors=$(printf '%s\n' "$filtered" | sed -n 's/^E\t//p')
unrelated=$(printf '%s\n' "$filtered" | grep -c '^U' || true)

if [ "$status" -ne 0 ] || [ -n "$errors" ] || [ ! -s "$ex.dtb" ] ||
   [ "$(stat -c %Y "$ex.dtb")" -lt "$start" ]; then
	{
		[ -n "$errors" ] && printf '%s\n' "$errors"
		[ "$status" -ne 0 ] && echo "make exited with status $status"
		[ -s "$ex.dtb" ] || echo "the example was not compiled to $ex.dtb"
		echo "dt_binding_check $BINDING: FAILED (dt-schema $ver, jsonschema $jsver); full log: $log"
	} >&2
	exit 1
fi

touch "$passed"
nodes=$(grep -c 'compatible = "linaro,restricted-heap"' "$ex.dts" || true)
echo "dt_binding_check $BINDING: OK (dt-schema $ver, jsonschema $jsver;" \
	"example with $nodes carveouts compiled and validated;" \
	"$unrelated warnings about other bindings ignored) in $(( $(date +%s) - start ))s"
