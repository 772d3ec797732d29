#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check-patches.sh PATCHES WORK [KSRC]
#
# Checks the series that scripts/make-patches.sh wrote into PATCHES, in the
# repository it made in WORK/linux:
#
# - it applies with `git am`, one patch at a time, to a pristine checkout
#   of the base, and the result is exactly the tree of the series;
# - after each patch, in the tree as it then is: every file it adds belongs
#   to a MAINTAINERS section other than THE REST (get_maintainer.pl), and
#   kernel-doc -Wall -none says nothing about the .c and .h files it adds;
#   the prefix builds (below);
# - checkpatch.pl --strict of the series' tree is clean on every patch; the
#   only finding let through is FILE_PATH_CHANGES ("does MAINTAINERS need
#   updating?"), which the MAINTAINERS check above answers;
# - the series' tree is the kernel that `make kernel` builds and `make
#   check` tests: every file the series touches is identical in KSRC
#   (build/linux), prepared from the same Debian version. So sparse and
#   dt_binding_check, which run on KSRC, cover the series' files too.
#
# Builds (PATCH_BUILDS=):
#   full  every prefix builds Image and modules: allnoconfig plus the
#         configuration of make check's kernel, configs/kernel-virt.config
#         and configs/kernel-debug.config, or the fragments in
#         PATCH_FRAGMENTS (options that a prefix does not have
#         yet are simply absent; Kconfig is rerun when a patch changes a
#         Kconfig file), one object directory WORK/kobj, built incrementally
#         with ccache from one prefix to the next;
#   auto  (default) full if the prefixes can be built at KSRC's path (a
#         mount namespace: see kmake below) or WORK/kobj holds a build of
#         an earlier run; none otherwise (a cold run without either: the
#         first build of a prefix would be a whole kernel from nothing,
#         which make check's time budget does not allow; make
#         patches-check runs it);
#   none  no build.
#
# Quiet on success but for one summary line (and timings); on failure, the
# findings and exit status 1.

set -euo pipefail

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
	echo "usage: $0 PATCHES WORK [KSRC]" >&2
	exit 2
fi
top=$(cd "$(dirname "$0")/.." && pwd)
patches=$(realpath "$1")
work=$(realpath "$2")
ksrc=${3:+$(realpath "$3")}
wt=$work/linux
obj=$work/kobj
mode=${PATCH_BUILDS:-auto}
why="PATCH_BUILDS=none"
jobs=${PATCH_JOBS:-$(nproc)}
fragments=${PATCH_FRAGMENTS:-$top/configs/kernel-virt.config $top/configs/kernel-debug.config}
version=$(dpkg-query -W -f='${Version}' linux-source-6.12)

die() { echo "check-patches: $*" >&2; exit 1; }

# One run at a time in WORK (make-patches.sh and check-patches.sh share it).
mkdir -p "$work"
exec 9> "$work/.lock"
flock 9

[ "$(cat "$wt/.git/sdp-base" 2>/dev/null)" = "$version" ] ||
	die "$wt is not the base of Debian $version: run make patches"
mapfile -t series < <(ls "$patches"/[0-9][0-9][0-9][0-9]-*.patch | grep -v /0000-)
[ ${#series[@]} -gt 0 ] || die "no patches in $patches"

case $mode in
auto)
	why="cold, and no mount namespace to build at KSRC's path: make patches-check runs them"
	if [ -f "$obj/vmlinux" ] || { [ -n "$ksrc" ] &&
			unshare -m --propagation private true 2> /dev/null; }; then
		mode=full
	else
		mode=none
	fi ;;
full|none) ;;
*) die "PATCH_BUILDS=$mode: full, auto or none" ;;
esac

export GIT_DIR=$wt/.git GIT_WORK_TREE=$wt
export GIT_COMMITTER_NAME=check-patches GIT_COMMITTER_EMAIL=check-patches@localhost
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck disable=SC2086 # a list of paths
cat $fragments > "$tmp/fragment"
start=$(date +%s)
build_secs=0

# With KSRC, a prefix is built at KSRC's path: the series' worktree is
# bind-mounted there in a mount namespace of this build's own (nobody else
# sees it). The compiler then gets the paths it got from make kernel
# (kbuild names sources by absolute path, -fmacro-prefix-map names the
# tree), so ccache finds make kernel's objects wherever a prefix's
# preprocessed source is the same, and the first prefix, a whole kernel,
# costs little more than preprocessing it.
at=
if [ -n "$ksrc" ] && unshare -m --propagation private true 2> /dev/null; then
	at=$ksrc
fi
kmake() {
	set -- --no-print-directory O="$obj" ARCH=arm64 \
		CROSS_COMPILE=aarch64-linux-gnu- CC="ccache aarch64-linux-gnu-gcc" \
		-j"$jobs" "$@"
	if [ -n "$at" ]; then
		unshare -m --propagation private sh -c \
			'mount --bind "$1" "$2" && cd "$2" && shift 2 && exec make "$@"' \
			_ "$wt" "$at" "$@"
	else
		make -C "$wt" "$@"
	fi
}

# configure: allnoconfig + the fragment, when Kconfig changed (or first).
configure() {
	kmake -s KCONFIG_ALLCONFIG="$tmp/fragment" allnoconfig > "$tmp/kconfig.log" 2>&1 || {
		cat "$tmp/kconfig.log"; return 1; }
	# Kconfig must not complain about the series' own files.
	if grep -E '^(drivers|include)/.*(warning|error)' "$tmp/kconfig.log"; then
		return 1
	fi
}

build_prefix() {
	local n=$1 changed=$2 t0
	t0=$(date +%s)
	if [ ! -f "$obj/.config" ] || grep -q 'Kconfig' "$changed" ||
			! cmp -s "$tmp/fragment" "$obj/sdp.fragment"; then
		configure || return 1
		cp "$tmp/fragment" "$obj/sdp.fragment"
	fi
	kmake -s Image modules > "$tmp/build.log" 2>&1 || {
		cat "$tmp/build.log"; return 1; }
	# Any compiler warning in a file of the series fails too.
	if grep -E '^[^ ]*(drivers|include)/[^:]*:[0-9]+:[0-9]+: warning' \
			"$tmp/build.log" | grep -F -f "$tmp/touched"; then
		return 1
	fi
	build_secs=$((build_secs + $(date +%s) - t0))
	[ -z "${PATCH_TIMES:-}" ] || printf '    build %s: %ds\n' "$n" "$(( $(date +%s) - t0 ))"
}

# ---- a pristine base ---------------------------------------------------------
[ -d "$GIT_DIR/rebase-apply" ] && git am --abort >/dev/null 2>&1 || true
git checkout -q -f --detach base
git clean -q -f -d -x
: > "$tmp/touched"
fail=0
[ "$mode" = none ] || mkdir -p "$obj"

for p in "${series[@]}"; do
	n=$(basename "$p" | cut -c1-4)
	if ! git am -q --no-3way "$p" > "$tmp/am.log" 2>&1; then
		cat "$tmp/am.log"
		git am --abort >/dev/null 2>&1 || true
		die "$(basename "$p") does not apply with git am"
	fi
	git diff --name-only HEAD~1 HEAD > "$tmp/changed"
	git diff --name-only --diff-filter=A HEAD~1 HEAD > "$tmp/added"
	cat "$tmp/changed" >> "$tmp/touched"

	# The files it adds: a MAINTAINERS section each, clean kernel-doc.
	while read -r f; do
		[ -n "$f" ] || continue
		if ! (cd "$wt" && perl scripts/get_maintainer.pl --no-git \
				--no-git-fallback --sections -f "$f") |
				grep -v -e '^[A-Z]:' -e '^$' -e '^THE REST$' | grep -q .; then
			echo "$(basename "$p"): $f: in no MAINTAINERS section but THE REST"
			fail=1
		fi
		case $f in *.c|*.h)
			(cd "$wt" && perl scripts/kernel-doc -Wall -none "$f") > "$tmp/kd.log" 2>&1 || true
			if [ -s "$tmp/kd.log" ]; then
				echo "kernel-doc: $f ($(basename "$p"))"
				cat "$tmp/kd.log"
				fail=1
			fi ;;
		esac
	done < "$tmp/added"

	if [ "$mode" != none ] && ! build_prefix "$n" "$tmp/changed"; then
		echo "build failed after $(basename "$p")"
		fail=1
		break
	fi
done

# checkpatch --strict on every patch, in the series' tree, $jobs at a time
# (python3: Debian's, for scripts/spdxcheck.py and its modules).
if [ "$fail" = 0 ]; then
	printf '%s\n' "${series[@]}" | (cd "$wt" && PATH=/usr/bin:$PATH \
		xargs -P "$jobs" -I{} sh -c 'log=$2/cp.$(basename "$1")
			perl scripts/checkpatch.pl --strict --no-signoff \
				--show-types --quiet --ignore FILE_PATH_CHANGES \
				"$1" > "$log" 2>&1 || echo "(exit status $?)" >> "$log"' \
			_ {} "$tmp")
	for p in "${series[@]}"; do
		if [ -s "$tmp/cp.$(basename "$p")" ]; then
			echo "checkpatch --strict: $(basename "$p")"
			cat "$tmp/cp.$(basename "$p")"
			fail=1
		fi
	done
fi
[ "$fail" = 0 ] || die "the series has findings (above)"

# The mails reproduce the series exactly.
[ "$(git rev-parse HEAD^{tree})" = "$(git rev-parse series^{tree})" ] ||
	die "git am of $patches does not give the tree of the series"

# The series is the kernel that make kernel builds.
if [ -n "$ksrc" ]; then
	[ "$(cat "$ksrc/.sdp-source" 2>/dev/null)" = "$version" ] ||
		die "$ksrc is not prepared from Debian $version"
	git diff --name-only base HEAD | while read -r f; do
		cmp -s "$wt/$f" "$ksrc/$f" || echo "differs from $ksrc: $f"
	done > "$tmp/differ"
	if [ -s "$tmp/differ" ]; then
		cat "$tmp/differ"
		die "the series is not the kernel that make kernel builds"
	fi
fi

if [ "$mode" = full ]; then
	builds="every prefix builds (${build_secs}s)"
else
	builds="prefix builds not run ($why)"
fi
printf '  PATCHES %d patches apply, checkpatch --strict and kernel-doc clean; %s; %ds\n' \
	"${#series[@]}" "$builds" "$(( $(date +%s) - start ))"
