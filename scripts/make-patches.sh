#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make-patches.sh OUT WORK
#
# Writes the project's kernel work as a `git format-patch` series, with a
# cover letter, into OUT (build/patches), against the exact Debian
# linux-source-6.12 that the build uses.
#
# WORK/linux is a git repository of the pristine tarball: one commit,
# "base: Debian linux-source-6.12 <version>", made once per version (its
# work tree is left at the base for scripts/check-patches.sh). Each file
# patches/commits/NN-* then becomes one commit on the branch "series":
#
#   Subject: <subsystem: summary>
#   Files: <new files, copied from the repository at their paths>
#   Quilt: <a patch of patches/series> [<paths: only its hunks to these>]
#
#   <commit message>
#
# (a header line may continue on lines that start with white space; there
# may be several Quilt: lines). The commits are made in a private index
# with git plumbing, so nothing is checked out. Every kernel file of the
# repository (drivers/, include/, Documentation/, as prepare-kernel.sh
# copies them) and every file of every patch in patches/series must be
# claimed by exactly one commit. patches/commits/cover-letter is the cover
# letter's subject and text; @BASE@ and @MAINTAINERS@ in it are filled in.
#
# Author and dates are fixed (the base: the tarball's date; the commits:
# the repository's last commit of kernel work), so the same sources give
# byte-identical patches. No Signed-off-by: the submitter adds theirs.

set -euo pipefail

if [ $# -ne 2 ]; then
	echo "usage: $0 OUT WORK" >&2
	exit 2
fi
top=$(cd "$(dirname "$0")/.." && pwd)
out=$(realpath -m "$1")
work=$(realpath -m "$2")
tarball=/usr/src/linux-source-6.12.tar.xz
commits=$top/patches/commits
author_name=${PATCH_AUTHOR_NAME:-SDP project}
author_email=${PATCH_AUTHOR_EMAIL:-sdp@example.org}

die() { echo "make-patches: $*" >&2; exit 1; }
tab=$(printf '\t')

# One run at a time in WORK (make-patches.sh and check-patches.sh share it).
mkdir -p "$work"
exec 9> "$work/.lock"
flock 9

version=$(dpkg-query -W -f='${Version}' linux-source-6.12)
[ -f "$tarball" ] || die "$tarball missing (Debian package linux-source-6.12)"
repo=$work/linux
export GIT_AUTHOR_NAME=$author_name GIT_AUTHOR_EMAIL=$author_email
export GIT_COMMITTER_NAME=$author_name GIT_COMMITTER_EMAIL=$author_email

# ---- the base: the pristine tarball, one commit --------------------------
base_date="@$(stat -c %Y "$tarball") +0000"
if [ "$(cat "$repo/.git/sdp-base" 2>/dev/null)" != "$version" ]; then
	echo "  BASE    Debian linux-source-6.12 $version"
	rm -rf "$repo" "$repo.tmp"
	mkdir -p "$repo.tmp"
	tar -xf "$tarball" -C "$repo.tmp" --strip-components=1
	git init -q "$repo.tmp"
	# No background gc: it would pack 86 000 objects behind our back.
	git -C "$repo.tmp" config gc.auto 0
	# What `git add -f -A .` does (Debian's top-level .gitignore ignores
	# everything), with the hashing spread over every CPU.
	(
		cd "$repo.tmp"
		export GIT_DIR=$repo.tmp/.git
		find . -path ./.git -prune -o \( -type f -o -type l \) \
			-printf '%y\t%m\t%P\n' | LC_ALL=C sort -t "$tab" -k3 > ../base.list
		awk -F'\t' '$1 == "f" { print $3 }' ../base.list > ../base.files
		split -n "l/$(nproc)" ../base.files ../base.part.
		for part in ../base.part.*; do
			git -c core.looseCompression=1 hash-object -w \
				--stdin-paths < "$part" > "$part.sha" &
		done
		wait
		[ "$(cat ../base.part.*.sha | wc -l)" = "$(wc -l < ../base.files)" ] ||
			die "base: hashing failed"
		cat ../base.part.*.sha | paste <(awk -F'\t' '$1 == "f"' ../base.list) - |
			awk -F'\t' '{ print ($2 ~ /^[1357]/ ? "100755" : "100644") " " $4 "\t" $3 }' \
			> ../base.index
		awk -F'\t' '$1 == "l" { print $3 }' ../base.list | while IFS= read -r l; do
			printf '120000 %s\t%s\n' \
				"$(printf '%s' "$(readlink "$l")" | git hash-object -w --stdin)" "$l"
		done >> ../base.index
		git update-index --add --index-info < ../base.index
		[ "$(git ls-files | wc -l)" = "$(wc -l < ../base.list)" ] ||
			die "base: not every file is in the index"
		rm -f ../base.list ../base.files ../base.part.* ../base.index
	)
	GIT_AUTHOR_DATE=$base_date GIT_COMMITTER_DATE=$base_date \
		git -C "$repo.tmp" commit -q \
		-m "base: Debian linux-source-6.12 $version" \
		-m "The tree of $(basename "$tarball") from the Debian package linux-source-6.12 $version, unmodified."
	git -C "$repo.tmp" branch -q -f base HEAD
	mv "$repo.tmp" "$repo"
	echo "$version" > "$repo/.git/sdp-base"
fi
series_date=$(git -C "$top" log -1 --format=%ct -- drivers include \
	Documentation patches 2>/dev/null || true)
series_date="@${series_date:-$(stat -c %Y "$tarball")} +0000"
export GIT_DIR=$repo/.git
git config gc.auto 0
# Twelve-digit abbreviations, as the kernel's, whatever the object count.
git config core.abbrev 12
base=$(git rev-parse --verify -q base^{commit}) || die "no base commit in $repo"

# ---- the manifest ----------------------------------------------------------
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# parse FILE: records "S subject", "F path", "Q patch", "P patch path" on
# stdout; the message body into $tmp/body.
parse() {
	awk -v body="$tmp/body" -v file="$1" '
	function fail(m) { printf "%s:%d: %s\n", file, NR, m > "/dev/stderr"; bad = 1; exit 1 }
	function emit(k, v,   n, w, i) {
		n = split(v, w, /[ \t]+/)
		for (i = 1; i <= n; i++) {
			if (w[i] == "") continue
			if (k == "Files") print "F\t" w[i]
			else if (k == "Quilt" && !q) { q = w[i]; print "Q\t" q }
			else if (k == "Quilt") print "P\t" q "\t" w[i]
			else fail("unknown header " k)
		}
	}
	BEGIN { h = 1; printf "" > body }
	h && /^$/ { h = 0; next }
	h && /^Subject: / { sub(/^Subject: /, ""); print "S\t" $0; key = ""; next }
	h && /^[A-Za-z]+:/ {
		key = $0; sub(/:.*/, "", key); v = $0; sub(/^[^:]*:/, "", v)
		if (key == "Quilt") q = ""
		emit(key, v); next
	}
	h && /^[ \t]/ { if (key == "") fail("continuation without a header"); emit(key, $0); next }
	h { fail("not a header: " $0) }
	{ print > body }
	END { if (!bad && h) fail("no message") }
	' "$1"
}

mapfile -t entries < <(cd "$commits" && ls | grep -E '^[0-9]{2}-' | sort)
[ ${#entries[@]} -gt 0 ] || die "no commits in $commits"

# What must be claimed: the kernel files prepare-kernel.sh copies, and every
# file of every quilt patch.
(cd "$top" && find drivers include Documentation -type f | sort) > "$tmp/want-files"
: > "$tmp/want-hunks"
while read -r p; do
	[ -n "$p" ] || continue
	[ -f "$top/patches/$p" ] || die "patches/series: $p missing"
	sed -n 's@^+++ b/\([^[:space:]]*\).*@\1@p' "$top/patches/$p" |
		sed "s@^@$p\t@" >> "$tmp/want-hunks"
done < "$top/patches/series"
sort -o "$tmp/want-hunks" "$tmp/want-hunks"
: > "$tmp/got-files"
: > "$tmp/got-hunks"

# ---- one commit per entry ----------------------------------------------------
export GIT_INDEX_FILE=$tmp/index
git read-tree "$base"
parent=$base
for e in "${entries[@]}"; do
	parse "$commits/$e" > "$tmp/rec" || die "$e: cannot parse"
	subject=$(sed -n 's/^S\t//p' "$tmp/rec")
	[ -n "$subject" ] || die "$e: no Subject:"
	while IFS=$'\t' read -r kind a b; do
		case $kind in
		F)
			[ -f "$top/$a" ] || die "$e: $a: no such file"
			mode=100644
			[ -x "$top/$a" ] && mode=100755
			blob=$(git hash-object -w -- "$top/$a")
			git update-index --add --cacheinfo "$mode,$blob,$a"
			echo "$a" >> "$tmp/got-files"
			;;
		Q)
			[ -f "$top/patches/$a" ] || die "$e: patches/$a: no such patch"
			inc=()
			while IFS=$'\t' read -r k2 p2 path; do
				[ "$k2" = P ] && [ "$p2" = "$a" ] || continue
				inc+=("--include=$path")
				printf '%s\t%s\n' "$a" "$path" >> "$tmp/got-hunks"
			done < "$tmp/rec"
			if [ ${#inc[@]} -eq 0 ]; then
				sed -n 's@^+++ b/\([^[:space:]]*\).*@\1@p' \
					"$top/patches/$a" | sed "s@^@$a\t@" \
					>> "$tmp/got-hunks"
			fi
			git apply --cached "${inc[@]}" "$top/patches/$a" ||
				die "$e: patches/$a does not apply"
			;;
		esac
	done < "$tmp/rec"
	tree=$(git write-tree)
	[ "$tree" != "$(git rev-parse "$parent^{tree}")" ] || die "$e: empty commit"
	{
		echo "$subject"
		echo
		# the body, without leading or trailing blank lines
		sed -e '/./,$!d' "$tmp/body" | sed -e ':a' -e '/^\n*$/{$d;N;ba' -e '}'
	} > "$tmp/msg"
	parent=$(GIT_AUTHOR_DATE=$series_date GIT_COMMITTER_DATE=$series_date \
		git commit-tree "$tree" -p "$parent" -F "$tmp/msg")
done
unset GIT_INDEX_FILE

# Exactly once each.
sort "$tmp/got-files" | uniq -d | sed 's/^/claimed twice: /' > "$tmp/errors"
sort "$tmp/got-hunks" | uniq -d | sed 's/^/claimed twice: /' >> "$tmp/errors"
sort -u "$tmp/got-files" | comm -23 "$tmp/want-files" - |
	sed 's/^/not in any commit: /' >> "$tmp/errors"
sort -u "$tmp/got-hunks" | comm -23 "$tmp/want-hunks" - |
	sed 's/^/not in any commit: /' >> "$tmp/errors"
sort -u "$tmp/got-hunks" | comm -13 "$tmp/want-hunks" - |
	sed 's/^/not a file of that patch, or patch not in patches\/series: /' >> "$tmp/errors"
if [ -s "$tmp/errors" ]; then
	sed 's/\t/: /' "$tmp/errors" >&2
	die "patches/commits/ does not claim the kernel work exactly once"
fi
git update-ref refs/heads/series "$parent"

# ---- format-patch ------------------------------------------------------------
rm -rf "$out"
mkdir -p "$out"
git format-patch -q --cover-letter --no-signature --base="$base" \
	-o "$out" "$base..series"
cover=$(ls "$out"/0000-cover-letter.patch)

# get_maintainer.pl of the series' own tree, without git history or network.
git show "series:MAINTAINERS" > "$tmp/MAINTAINERS"
git show "series:scripts/get_maintainer.pl" > "$tmp/get_maintainer.pl"
mkdir -p "$tmp/gm" && cp "$tmp/MAINTAINERS" "$tmp/gm/"
(cd "$tmp/gm" && perl "$tmp/get_maintainer.pl" --no-tree --no-git \
	--no-git-fallback \
	$(ls "$out"/*.patch | grep -v 0000-cover-letter)) > "$tmp/maintainers-roles" ||
	die "get_maintainer.pl failed"

kver=$(git show "series:Makefile" | awk '
	/^VERSION =/ { v = $3 } /^PATCHLEVEL =/ { p = $3 }
	/^SUBLEVEL =/ { s = $3 } /^EXTRAVERSION =/ { e = $3 }
	END { print v "." p "." s e }')
{
	echo "Debian's linux-source-6.12 $version (Linux $kver with Debian's"
	echo "patches), the tree of $(basename "$tarball") committed unchanged;"
	echo "base-commit below is that commit as scripts/make-patches.sh makes it."
} > "$tmp/base"
{
	echo "scripts/get_maintainer.pl --no-git on the series:"
	echo
	sed 's/^/  /' "$tmp/maintainers-roles"
} > "$tmp/gm-text"

awk -v cl="$commits/cover-letter" -v base="$tmp/base" -v gm="$tmp/gm-text" '
	function cat(f,   l) { while ((getline l < f) > 0) print l; close(f) }
	BEGIN {
		while ((getline l < cl) > 0) {
			if (!subj) { sub(/^Subject: /, "", l); subj = l; continue }
			if (!started && l == "") { started = 1; continue }
			text[++n] = l
		}
	}
	/\*\*\* SUBJECT HERE \*\*\*/ { sub(/\*\*\* SUBJECT HERE \*\*\*/, subj); print; next }
	/^\*\*\* BLURB HERE \*\*\*$/ {
		for (i = 1; i <= n; i++) {
			if (text[i] == "@BASE@") cat(base)
			else if (text[i] == "@MAINTAINERS@") cat(gm)
			else print text[i]
		}
		next
	}
	{ print }
' "$cover" > "$tmp/cover" && mv "$tmp/cover" "$cover"
grep -q '\*\*\*' "$cover" && die "cover letter: a placeholder is left"
# format-patch dates the cover letter now; date it like the commits.
sed -i "0,/^Date: /s/^Date: .*/Date: $(git log -1 --format=%aD series)/" "$cover"

n=$(ls "$out"/*.patch | grep -vc 0000-cover-letter)
echo "  PATCHES $out: $n patches and a cover letter, against Debian $version"
