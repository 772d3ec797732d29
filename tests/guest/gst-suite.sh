#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Debian 12's stock GStreamer 1.22 on the TEE JPEG decoder (tee-jpegdec),
# clear content only: the registry that tests/guest/init points to /tmp is
# built here (its cost is printed), the v4l2 plugin must register its
# stateful decoder element v4l2jpegdec for the tee-jpegdec node, and the
# clear 640x360 WebM clip (Motion-JPEG, its own picture, not the protected
# clips') must play through stock elements only:
#
#   filesrc ! matroskademux ! v4l2jpegdec ! fakesink
#
# every frame out of the decoder (75, each a 640x360 NV12 picture of
# 345600 bytes: without GstVideoMeta the buffer is tightly packed, which
# the decoder's bytesperline ALIGN(640, 16) = 640 gives) in order, none
# lost, no warning; then again into a filesink, every frame equal to
# libjpeg-turbo's decode (the clip's .nv12.sha256). The decoder's debugfs
# counters must show exactly these frames decoded and no error. A hung
# pipeline is killed (exit 143) and fails its tests.
share=/usr/share/sdp-demo
clip=clear-640x360
webm=$share/$clip.webm
digests=$share/$clip.nv12.sha256
log=/tmp/gst-launch.log
out=/tmp/gst-frames.nv12
n=0
fail=0

size=${clip#clear-}
w=${size%x*} h=${size#*x}
fsize=$((w * h + w * (h / 2)))
frames=$(wc -l < "$digests" | tr -d ' ')

# result OK DESCRIPTION: one TAP line
result() {
	n=$((n + 1))
	if [ "$1" = 1 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		fail=1
	fi
}

# centiseconds since boot, and as seconds
now() {
	read -r up _ < /proc/uptime
	echo $((${up%.*} * 100 + 1${up#*.} - 100))
}
secs() {
	printf '%d.%02d s' $(($1 / 100)) $(($1 % 100))
}

# counter NAME: a statistic of the decoder (debugfs)
counter() {
	sed -n "s/^$1: //p" /sys/kernel/debug/tee-jpegdec/* 2>/dev/null | head -n 1
}

# factory ELEMENT FIELD: a "Factory Details" field of gst-inspect-1.0
# ELEMENT, which is kept in /tmp/gst-ELEMENT.out
factory() {
	[ -f "/tmp/gst-$1.out" ] || gst-inspect-1.0 "$1" > "/tmp/gst-$1.out" 2>&1
	sed -n "s/^  $2  *//p" "/tmp/gst-$1.out" | head -n 1
}

# GstPoll (the bus, the clock, the v4l2 buffer pool) needs socketpair()
[ -e /proc/net/unix ] ||
	echo "# no AF_UNIX sockets in this kernel (CONFIG_UNIX): GStreamer 1.22 cannot poll, nothing will stream"

# ---- the registry ----
# The first GStreamer program of the boot scans every plugin (in this
# process: GST_REGISTRY_FORK=no) and probes the video devices; later ones
# only load the registry.
rm -f "$GST_REGISTRY"
t0=$(now)
gst-inspect-1.0 > /tmp/gst-inspect.out 2>&1
rc=$?
t1=$(now)
gst-inspect-1.0 > /tmp/gst-inspect2.out 2>&1
t2=$(now)
reg=$(wc -c < "$GST_REGISTRY" 2>/dev/null | tr -d ' ')
echo "# $(gst-inspect-1.0 --version 2>&1 | sed -n 2p); registry $GST_REGISTRY: first scan $(secs $((t1 - t0))), second run $(secs $((t2 - t1))), ${reg:-no} bytes"
echo "# $(grep '^Total count: .* plugins' /tmp/gst-inspect.out)"
ok=0
missing=
for p in coreelements typefindfunctions playback matroska video4linux2 kms jpeg; do
	grep -q "^$p: " /tmp/gst-inspect.out || missing="$missing $p"
done
if [ $rc = 0 ] && [ -z "$missing" ] && [ -n "$reg" ] &&
   gst-inspect-1.0 -b 2>&1 | grep -q '^Total count: 0 blacklisted files'; then
	ok=1
else
	echo "# gst-inspect-1.0 exit $rc; missing plugins:${missing:- none}"
	gst-inspect-1.0 -b 2>&1 | sed 's/^/#   /'
fi
result $ok "gst-inspect-1.0 builds the registry in $GST_REGISTRY with the staged plugins (coreelements typefindfunctions playback matroska video4linux2 kms jpeg), none blacklisted"

# the three tools, each linked and loaded (their libraries staged)
ok=1
for t in gst-launch-1.0 gst-inspect-1.0 gst-play-1.0; do
	v=$($t --version 2>&1)
	case "$v" in
	"$t version 1.22."*) ;;
	*) ok=0; echo "# $t --version: $v" ;;
	esac
done
result $ok "gst-launch-1.0, gst-inspect-1.0 and gst-play-1.0 run (version 1.22)"

# ---- the elements ----
node=
for d in /sys/class/video4linux/video*; do
	[ "$(cat "$d/name" 2>/dev/null)" = tee-jpegdec ] && node=/dev/${d##*/}
done
klass=$(factory v4l2jpegdec Klass)
rank=$(factory v4l2jpegdec Rank)
device=$(sed -n '/^  device  *: /,/Default:/s/.*String\. Default: "\(.*\)"$/\1/p' \
	/tmp/gst-v4l2jpegdec.out)
ok=0
if [ -n "$node" ] && [ "$klass" = Codec/Decoder/Video/Hardware ] &&
   [ "$rank" = "primary + 1 (257)" ] && [ "$device" = "$node" ]; then
	ok=1
else
	echo "# tee-jpegdec node ${node:-not found}; v4l2jpegdec: klass '$klass', rank '$rank', device '$device'"
	grep '^video4linux2: ' /tmp/gst-inspect.out | sed 's/^/#   /'
fi
result $ok "v4l2jpegdec is the stock v4l2 decoder of the tee-jpegdec node (${node:-none}): klass Codec/Decoder/Video/Hardware, rank primary + 1, device $node"

klass=$(factory matroskademux Klass)
ok=0
[ "$klass" = Codec/Demuxer ] && ok=1 || echo "# matroskademux: klass '$klass'"
result $ok "matroskademux is registered (klass Codec/Demuxer)"

klass=$(factory kmssink Klass)
ok=0
[ "$klass" = Sink/Video ] && ok=1 || echo "# kmssink: klass '$klass'"
result $ok "kmssink is registered (klass Sink/Video)"

# ---- the clear clip through the V4L2 decoder ----
# run_pipeline SINK...: the clip through matroskademux and v4l2jpegdec into
# SINK; its exit status; the decoder's counters before and after in
# d0 e0, d1 e1.
run_pipeline() {
	d0=$(counter decoded) e0=$(counter errors)
	t0=$(now)
	timeout 120 gst-launch-1.0 -v filesrc location="$webm" ! \
		matroskademux ! v4l2jpegdec ! "$@" > "$log" 2>&1
	rc=$?
	t1=$(now)
	d1=$(counter decoded) e1=$(counter errors)
	echo "# gst-launch-1.0 ... ! $*: exit $rc after $(secs $((t1 - t0))); tee-jpegdec decoded $d0 -> $d1, errors $e0 -> $e1, source_changes $(counter source_changes)"
	return $rc
}

# counted: the decoder's counters moved by the clip's frames, no error
counted() {
	[ -n "$d0" ] && [ "$d1" = $((d0 + frames)) ] && [ "$e1" = "$e0" ]
}

# gst-launch-1.0's complaints: error and warning messages, GLib criticals
complaints() {
	grep -E '^(ERROR|WARNING)|(WARNING|CRITICAL) \*\*' "$log"
}

[ -f "$webm" ] || echo "# $webm: no such file"
ok=0
run_pipeline fakesink silent=false && grep -q '^Got EOS from element "pipeline0"' "$log" && ok=1
[ $ok = 1 ] || tail -n 20 "$log" | sed 's/^/#   /'
result $ok "gst-launch-1.0 filesrc location=$webm ! matroskademux ! v4l2jpegdec ! fakesink: exit 0 at EOS"

# the decoder's src caps, as gst-launch -v printed them (each negotiation)
grep '/v4l2jpegdec:v4l2jpegdec0.GstPad:src: caps = ' "$log" > /tmp/caps.out
ok=0
if [ -s /tmp/caps.out ] &&
   ! grep -v "caps = video/x-raw, format=(string)NV12, width=(int)$w, height=(int)$h," /tmp/caps.out > /dev/null; then
	ok=1
else
	echo "# v4l2jpegdec src caps:"
	sed 's/^/#   /' /tmp/caps.out
fi
result $ok "v4l2jpegdec outputs video/x-raw, format=NV12, width=$w, height=$h"

# Every buffer fakesink got:
#   ... last-message = chain ... (BYTES bytes, dts: ..., pts: H:MM:SS.NNNNNNNNN, ...
grep 'fakesink0: last-message = chain ' "$log" > /tmp/chain.out
ok=0
if awk -v want="$frames" -v fsize="$fsize" '
	function diag(msg) {
		if (++ndiag <= 5)
			print "# " msg
		bad = 1
	}
	{
		match($0, /\([0-9]+ bytes/)
		bytes = substr($0, RSTART + 1, RLENGTH - 7)
		match($0, /pts: [0-9:.]+/)
		split(substr($0, RSTART + 5, RLENGTH - 5), t, ":")
		ms = int(((t[1] * 60 + t[2]) * 60 + t[3]) * 1000 + 0.5)
		if (bytes != fsize)
			diag("buffer " NR - 1 ": " bytes " bytes, expected " fsize)
		if (ms != (NR - 1) * 40)
			diag("buffer " NR - 1 ": pts " ms " ms (frame " ms / 40 "), expected " (NR - 1) * 40 " ms")
		seen[ms / 40] = 1
	}
	END {
		if (ndiag > 5)
			print "# ... " ndiag - 5 " more"
		for (i = 0; i < want; i++)
			if (!(i in seen) && ++nlost <= 10)
				lost = lost " " i
		if (nlost > 10)
			lost = lost " ... (" nlost ")"
		if (NR != want || lost != "") {
			print "# " NR + 0 " buffers, expected " want "; frames missing:" (lost == "" ? " none" : lost)
			bad = 1
		}
		exit bad
	}' /tmp/chain.out; then
	ok=1
fi
result $ok "fakesink gets exactly $frames frames of $fsize bytes, every one in order (pts 0, 40 ms, ... $(((frames - 1) * 40)) ms)"

ok=0
if ! complaints > /tmp/complaints.out; then
	ok=1
else
	sed 's/^/#   /' /tmp/complaints.out
fi
result $ok "gst-launch-1.0 prints no error, no warning, no GLib critical"

ok=0
counted && ok=1
result $ok "tee-jpegdec's debugfs counters: decoded +$frames, errors +0"

ok=0
[ "$(counter instances)" = 0 ] && [ "$(counter shm)" = 0 ] && ok=1
[ $ok = 1 ] || sed 's/^/#   /' /sys/kernel/debug/tee-jpegdec/*
result $ok "after the pipeline tee-jpegdec holds no instance and no shared memory"

# The same into a file: the frames' bytes.
rm -f "$out"
ok=0
run_pipeline filesink location="$out" && counted && ok=1
got=
[ -f "$out" ] && got=$(wc -c < "$out" | tr -d ' ')
[ "$got" = $((frames * fsize)) ] || { ok=0; echo "# $out: ${got:-no file} bytes, expected $((frames * fsize))"; }
[ $ok = 1 ] || tail -n 20 "$log" | sed 's/^/#   /'
result $ok "gst-launch-1.0 ... ! v4l2jpegdec ! filesink location=$out: exit 0, $frames frames of $fsize bytes written, decoded +$frames, errors +0"

# Each frame written, by its digest (a lost frame shows as a shift).
nf=$((${got:-0} / fsize))
i=0
while [ $i -lt $nf ]; do
	sum=$(dd if="$out" bs="$fsize" skip=$i count=1 2>/dev/null | sha256sum)
	echo "$i ${sum%% *}"
	i=$((i + 1))
done > /tmp/gst-frames.sha256
ok=0
awk -v want="$frames" '
	NR == FNR { sum[$1] = $2; frame[$2] = $1; next }
	{ got++ }
	$2 != sum[$1] {
		if (++bad <= 5)
			print "# frame " $1 ": " $2 ", expected " sum[$1] \
				($2 in frame ? " (clip frame " frame[$2] ")" : "")
	}
	END {
		if (bad > 5)
			print "# ... " bad - 5 " more"
		if (got != want)
			print "# " got + 0 " frames written, expected " want
		exit bad || got != want
	}' "$digests" /tmp/gst-frames.sha256 && ok=1
result $ok "each of the $frames frames equals libjpeg-turbo's NV12 decode of its JPEG ($clip.nv12.sha256), in order"
rm -f "$out"

echo "1..$n"
exit $fail
