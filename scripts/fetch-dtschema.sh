#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# fetch-dtschema.sh DESTDIR
#
# Linux 6.12's `make dt_binding_check` needs dt-schema >= 2023.9; Debian 12
# ships 2022.08. This fetches a newer dt-schema .deb, plus the pure-Python
# modules it needs that Debian 12 has only in too old a version, from a newer
# Debian suite and unpacks them with `dpkg -x` into DESTDIR. Nothing on the
# system changes: apt runs with its own sources list, state and cache under
# DESTDIR/apt and never installs anything.
#
#   dt-schema                         forky (testing)
#   python3-jsonschema                trixie  (dt-schema 2026.06 needs >= 4.18;
#   python3-referencing               trixie   Debian 12 has 4.10.3)
#   python3-jsonschema-specifications trixie
#
# dt-schema is not in trixie itself. trixie-backports has 2025.08, but that
# one crashes (KeyError in check_duplicate_property_types) while printing a
# warning about the 6.12 tree's fsl,liodn schemas; 2026.06 has the fix.
#
# jsonschema >= 4.18 and referencing also import rpds (rpds-py), a compiled
# Rust extension that Debian 12 lacks and newer suites build only for their
# own Python (3.13). It is replaced by DESTDIR/shim/rpds, a small pure-Python
# module with the same persistent-collection API (HashTrieMap, HashTrieSet,
# List), written by this script.
#
# Everything runs with the system Python (/usr/bin/python3, 3.11) and these
# Debian 12 packages: python3-ruamel.yaml, python3-rfc3987, python3-libfdt,
# python3-attr (>= 22.2, comes with python3-jsonschema) and
# python3-typing-extensions (>= 4.4, needed by referencing on Python < 3.13).
#
# Result:
#   DESTDIR/bin/dt-*          wrappers: /usr/bin/python3 with PYTHONPATH set
#   DESTDIR/pythonpath        the PYTHONPATH the wrappers use
#   DESTDIR/version           dt-schema version (as `dt-doc-validate --version`)
#
# Idempotent: when DESTDIR already holds the pinned package versions, nothing
# is downloaded (no network needed); the wrappers and the shim are rewritten
# and smoke-tested on every run. Prints "dt-schema VERSION (...)" on success.
#
# Environment: DEBIAN_MIRROR (default http://deb.debian.org/debian).

set -euo pipefail

if [ $# -ne 1 ] || [ -z "$1" ]; then
	echo "usage: $0 DESTDIR" >&2
	exit 2
fi

PY=/usr/bin/python3
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

# "suite package version": the exact versions this script was tested with.
# If the archive no longer has one of them, the suite's current version is
# taken instead (with a warning).
PKGS=(
	"forky dt-schema 2026.06-1"
	"trixie python3-jsonschema 4.19.2-6"
	"trixie python3-referencing 0.36.2-1"
	"trixie python3-jsonschema-specifications 2023.12.1-2"
)

mkdir -p "$1"
dest=$(cd "$1" && pwd)
root=$dest/root
site=$root/usr/lib/python3/dist-packages
stamp=$dest/.stamp
want=$(printf '%s\n' "mirror $MIRROR" "${PKGS[@]}")

die() { echo "fetch-dtschema: $*" >&2; exit 1; }

[ -x $PY ] || die "$PY not found"

fetch() {
	local apt=$dest/apt arch suites s p v spec deb
	arch=$(dpkg --print-architecture)
	rm -rf "$apt" "$dest/deb" "$root" "$stamp"
	mkdir -p "$apt/state/lists/partial" "$apt/cache/archives/partial" "$dest/deb"

	[ -r $KEYRING ] || die "$KEYRING missing (package debian-archive-keyring)"
	suites=$(printf '%s\n' "${PKGS[@]}" | awk '{print $1}' | sort -u)
	for s in $suites; do
		echo "deb [arch=$arch signed-by=$KEYRING] $MIRROR $s main"
	done > "$apt/sources.list"

	# Private apt: own sources, lists, cache; no system pins, no dpkg
	# status (nothing is installed). Valid-Until is not enforced because
	# exact versions are pinned (the indexes are still signature-checked
	# and the .debs hash-checked); snapshot mirrors serve expired ones.
	local -a APT=(
		-q -o Dir::Etc::SourceList="$apt/sources.list"
		-o Dir::Etc::SourceParts=/dev/null
		-o Dir::Etc::Preferences=/dev/null
		-o Dir::Etc::PreferencesParts=/dev/null
		-o Dir::State="$apt/state"
		-o Dir::State::status=/dev/null
		-o Dir::Cache="$apt/cache"
		-o Acquire::Languages=none
		-o Acquire::Check-Valid-Until=false
		-o APT::Sandbox::User="$(id -un)"
	)
	apt-get "${APT[@]}" update >"$apt/update.log" 2>&1 ||
		{ cat "$apt/update.log" >&2; die "apt-get update (private apt: ${suites//$'\n'/ }) failed"; }
	# apt-get update only warns when a suite's signature can't be checked
	if grep -E '^(W|E):' "$apt/update.log" >&2; then
		die "apt-get update reported problems (see above)"
	fi

	for spec in "${PKGS[@]}"; do
		read -r s p v <<<"$spec"
		if ! (cd "$dest/deb" && apt-get "${APT[@]}" download "$p=$v") >"$apt/download.log" 2>&1; then
			echo "fetch-dtschema: warning: $p $v not in the archive, taking $s's current one" >&2
			(cd "$dest/deb" && apt-get "${APT[@]}" download "$p/$s") >"$apt/download.log" 2>&1 ||
				{ cat "$apt/download.log" >&2; die "cannot download $p from $s"; }
		fi
	done

	mkdir -p "$root"
	for deb in "$dest"/deb/*.deb; do
		dpkg -x "$deb" "$root"
		# shellcheck disable=SC2016 # dpkg-query format, not shell
		dpkg-deb -W --showformat='${Package} ${Version}\n' "$deb"
	done > "$dest/versions"
	rm -rf "$apt"
	printf '%s\n' "$want" > "$stamp"
}

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -f "$site/dtschema/__init__.py" ]; then
	:	# already there
else
	fetch
fi

# --- pure-Python stand-in for rpds-py ----------------------------------------
mkdir -p "$dest/shim/rpds"
cat > "$dest/shim/rpds/__init__.py" <<'EOF'
# SPDX-License-Identifier: GPL-2.0
# Written by scripts/fetch-dtschema.sh.
"""Pure-Python stand-in for rpds-py (persistent HashTrieMap, HashTrieSet,
List), as used by jsonschema >= 4.18 and referencing. Updates copy, which
is O(n) instead of O(log n): fine for the few thousand schemas of a kernel
tree."""

from collections.abc import Mapping, Set
import types

__all__ = ["HashTrieMap", "HashTrieSet", "List"]


class HashTrieMap(Mapping):
    __slots__ = ("_d",)
    __class_getitem__ = classmethod(types.GenericAlias)

    def __init__(self, value=(), **kwds):
        self._d = dict(value, **kwds)

    @classmethod
    def _new(cls, d):
        m = cls.__new__(cls)
        m._d = d
        return m

    @classmethod
    def convert(cls, value):
        return value if isinstance(value, HashTrieMap) else cls(value)

    @classmethod
    def fromkeys(cls, keys, value=None):
        return cls._new(dict.fromkeys(keys, value))

    def __getitem__(self, key):
        return self._d[key]

    def __iter__(self):
        return iter(self._d)

    def __len__(self):
        return len(self._d)

    def __contains__(self, key):
        return key in self._d

    def get(self, key, default=None):
        return self._d.get(key, default)

    def __eq__(self, other):
        if isinstance(other, HashTrieMap):
            return self._d == other._d
        if isinstance(other, Mapping):
            return self._d == dict(other.items())
        return NotImplemented

    def __hash__(self):
        return hash(frozenset(self._d.items()))

    def __repr__(self):
        return "HashTrieMap(%r)" % (self._d,)

    def __reduce__(self):
        return (HashTrieMap, (self._d,))

    def insert(self, key, value):
        d = self._d.copy()
        d[key] = value
        return self._new(d)

    def remove(self, key):
        if key not in self._d:
            raise KeyError(key)
        d = self._d.copy()
        del d[key]
        return self._new(d)

    def discard(self, key):
        if key not in self._d:
            return self
        return self.remove(key)

    def update(self, *maps, **kwds):
        d = self._d.copy()
        for m in maps:
            d.update(m._d if isinstance(m, HashTrieMap) else m)
        d.update(kwds)
        return self._new(d)


class HashTrieSet(Set):
    __slots__ = ("_s",)
    __class_getitem__ = classmethod(types.GenericAlias)

    def __init__(self, value=()):
        self._s = frozenset(value)

    @classmethod
    def _new(cls, s):
        n = cls.__new__(cls)
        n._s = s
        return n

    @classmethod
    def _from_iterable(cls, it):
        return cls(it)

    @classmethod
    def convert(cls, value):
        return value if isinstance(value, HashTrieSet) else cls(value)

    def __contains__(self, value):
        return value in self._s

    def __iter__(self):
        return iter(self._s)

    def __len__(self):
        return len(self._s)

    def __eq__(self, other):
        if isinstance(other, HashTrieSet):
            return self._s == other._s
        return Set.__eq__(self, other)

    def __hash__(self):
        return hash(self._s)

    def __repr__(self):
        return "HashTrieSet({%s})" % ", ".join(map(repr, self._s))

    def __reduce__(self):
        return (HashTrieSet, (tuple(self._s),))

    def insert(self, value):
        return self if value in self._s else self._new(self._s | {value})

    def remove(self, value):
        if value not in self._s:
            raise KeyError(value)
        return self._new(self._s - {value})

    def discard(self, value):
        return self._new(self._s - {value}) if value in self._s else self

    def update(self, *iterables):
        return self._new(self._s.union(*iterables))

    union = update

    def intersection(self, other):
        return self._new(self._s & frozenset(other))

    def difference(self, other):
        return self._new(self._s - frozenset(other))

    def symmetric_difference(self, other):
        return self._new(self._s ^ frozenset(other))


class List:
    """Persistent singly linked list; first element first."""
    __slots__ = ("_t",)
    __class_getitem__ = classmethod(types.GenericAlias)

    def __init__(self, *elements):
        if len(elements) == 1 and not isinstance(elements[0], (str, bytes)):
            try:
                elements = tuple(elements[0])
            except TypeError:
                pass
        self._t = tuple(elements)

    @classmethod
    def _new(cls, t):
        n = cls.__new__(cls)
        n._t = t
        return n

    @property
    def first(self):
        if not self._t:
            raise IndexError("empty list has no first element")
        return self._t[0]

    @property
    def rest(self):
        return self._new(self._t[1:])

    def push_front(self, value):
        return self._new((value,) + self._t)

    def drop_first(self):
        if not self._t:
            raise IndexError("empty list has no first element")
        return self._new(self._t[1:])

    def __iter__(self):
        return iter(self._t)

    def __reversed__(self):
        return reversed(self._t)

    def __len__(self):
        return len(self._t)

    def __bool__(self):
        return bool(self._t)

    def __eq__(self, other):
        if isinstance(other, List):
            return self._t == other._t
        return NotImplemented

    def __hash__(self):
        return hash(self._t)

    def __repr__(self):
        return "List(%r)" % (list(self._t),)

    def __reduce__(self):
        return (List, (list(self._t),))
EOF

# --- wrappers -----------------------------------------------------------------
pypath=$dest/shim:$site
printf '%s\n' "$pypath" > "$dest/pythonpath"
mkdir -p "$dest/bin"
rm -f "$dest"/bin/*
for tool in "$root"/usr/bin/dt-* "$root"/usr/bin/dtb2py; do
	[ -f "$tool" ] || continue
	name=$(basename "$tool")
	# -s: ignore ~/.local site-packages, so only the system's Python
	# modules and ours are seen.
	cat > "$dest/bin/$name" <<EOF
#!/bin/sh
# Written by scripts/fetch-dtschema.sh: dt-schema from $dest
unset PYTHONHOME
PYTHONPATH='$pypath' exec $PY -s '$tool' "\$@"
EOF
	chmod +x "$dest/bin/$name"
done

# --- smoke test ----------------------------------------------------------------
ver=$("$dest/bin/dt-doc-validate" --version 2>&1) || {
	echo "$ver" >&2
	die "the fetched dt-schema does not run with $PY; missing Debian 12 packages?" \
	    "(needs python3-ruamel.yaml python3-rfc3987 python3-libfdt python3-attr python3-typing-extensions)"
}
echo "$ver" > "$dest/version"
js=$(PYTHONPATH=$pypath $PY -s -c '
import importlib.metadata as m, jsonschema, referencing
print("jsonschema", m.version("jsonschema"), "referencing", m.version("referencing"))')
case $(dirname "$(PYTHONPATH=$pypath $PY -s -c 'import jsonschema; print(jsonschema.__file__)')") in
"$site"/*) ;;
*) die "jsonschema is not taken from $site" ;;
esac
echo "dt-schema $ver ($js, $PY $($PY -c 'import platform; print(platform.python_version())')) in $dest"
