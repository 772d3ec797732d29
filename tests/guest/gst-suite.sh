#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Debian 12's stock GStreamer 1.22 with the project's plugin (sdpdecrypt,
# sdpconvert, sdpverify) on the TEE JPEG decoder (tee-jpegdec). The registry that
# tests/guest/init points to /tmp is built here (its cost is printed), the
# v4l2 plugin must register its stateful decoder element v4l2jpegdec for
# the tee-jpegdec node. Then the pipelines of issue 10, each run with a
# timeout (a hang is killed, exit 143, and fails its test), each followed
# by the restricted heaps' and the decoder's debugfs counters back to zero
# (no buffer, no decoder instance, no TEE shared memory):
#
# 4. Clear Motion-JPEG (its own picture, not the protected clips') through
#    stock elements only:
#      filesrc ! matroskademux ! v4l2jpegdec ! fakesink
#    every frame out of the decoder (75, each a 640x360 NV12 picture of
#    345600 bytes: without GstVideoMeta the buffer is tightly packed,
#    which the decoder's bytesperline ALIGN(640, 16) = 640 gives) in
#    order, none lost, no warning; then into a filesink, every frame equal
#    to libjpeg-turbo's decode (the clip's .nv12.sha256).
# 2. The protected clip into fakesink through the verifier:
#      filesrc ! matroskademux ! sdpdecrypt ! v4l2jpegdec capture-io-mode=dmabuf
#        ! sdpverify digests=clip-640x360.nv12.sha256 ! fakesink
#    sdpverify's bus messages (gst-launch-1.0 -m): frames 0..74 in order,
#    each with the secure world's digest equal to the list's, the summary
#    75/75; restricted bitstream buffers (sdpdecrypt set the decoder's
#    output-io-mode to dmabuf-import), the decoder's counters +75, no error.
#    The 1280x720 clip from the restricted-ui heap likewise, 6 frames.
# 1. Into vivid's video output (its output 1, HDMI, 1280x720p60: vivid
#    takes 640x360 NV12 there as it is, limited-range colorimetries only):
#      filesrc ! matroskademux ! application/x-webm-enc,colorimetry=bt601
#        ! sdpdecrypt ! v4l2jpegdec capture-io-mode=dmabuf ! sdpverify
#        ! v4l2sink io-mode=dmabuf-import show-preroll-frame=false
#    exit 0 at EOS, sdpverify 75/75, restricted buffers end to end (the
#    restricted heap frees sdpdecrypt's 4 bitstream buffers and the
#    decoder's 6 CAPTURE buffers, allocated restricted because OUTPUT holds
#    restricted bitstream), and vivid imports every frame: 75 VIDIOC_QBUF
#    of the decoder's dma-bufs, none refused, none returned with
#    V4L2_BUF_FLAG_ERROR (vivid's output path never maps a buffer; only
#    its loopback to capture would, and that is not streaming). The
#    capsfilter is the application labelling its stream: tee-jpegdec
#    keeps the OUTPUT colorimetry an application sets and reports it on
#    CAPTURE. Without a label the stream is JPEG, full-range BT.601 of
#    sRGB (1:4:7:1), which vivid's output does not take: v4l2jpegdec's
#    sink caps now link (they list every colorimetry its OUTPUT takes,
#    GstVideoDecoder proxies vivid's onto them), but neither the WebM (no
#    Colour element) nor sdpdecrypt names one, so its CAPTURE stays 1:4:7:1
#    and it fails "not negotiated"; the clear clip with stock elements
#    likewise, and with the same label (image/jpeg,colorimetry=bt601 after
#    the demuxer) plays into vivid, every frame queued.
# 2. Into kmssink on vkms through sdpconvert, which has the secure world
#    convert each NV12 frame into a restricted BGRx (DRM XRGB8888) frame:
#    vkms in Linux 6.12 has no YUV plane format (drivers/gpu/drm/vkms/
#    vkms_plane.c, vkms_formats[]), so the decoder's NV12 alone cannot
#    link. First into fakesink through the verifier:
#      ... ! v4l2jpegdec capture-io-mode=dmabuf ! sdpconvert
#        ! sdpverify digests=clip-640x360.xrgb.sha256 ! fakesink
#    frames 0..74 each equal to the clip's XRGB8888 digest, 75/75. Then
#      ... ! sdpdecrypt heap=restricted-ui ! v4l2jpegdec capture-io-mode=dmabuf
#        ! sdpconvert heap=restricted-ui ! kmssink driver-name=vkms
#    with the 1280x720 clip: kmssink sets the video's own size as the mode
#    (its caps list only the connector's modes), and vkms has 1280x720 but
#    no 640x360; 4 bitstream buffers of 1 MiB and 2 BGRx frames of 3.5 MiB
#    fit the 16 MiB of restricted-ui. It links, kmssink PRIME-imports each
#    frame into vkms and makes it a framebuffer (DRM_IOCTL_MODE_ADDFB2
#    succeeds), and vkms refuses the commit that would show it: its
#    prepare_fb vmaps the framebuffer (vkms_plane.c vkms_prepare_fb,
#    drm_gem_fb_vmap), the shmem helper vmaps the imported dma-buf, and the
#    restricted heap has no vmap, so dma_buf_vmap() is -EINVAL; the
#    kernel's KMS debug log (drm.debug=0x4, set around these runs) says
#    "[drm:drm_gem_shmem_vmap] Failed to vmap pages, error -22". No WARN,
#    no Oops. What kmssink 1.22.0 makes of the refusal depends on the CRTC:
#    - off (force-modesetting=true here): kmssink sets the mode with a dumb
#      buffer of its own and shows each frame with drmModePageFlip, which
#      fails; kmssink only logs it (gstkmssink.c:1612-1641, "drmModePageFlip
#      failed: Invalid argument (22)") and returns GST_FLOW_ERROR without a
#      message. v4l2jpegdec's output thread, which pushes the frame, only
#      pauses on that (gstv4l2videodec.c:830-838), so the demuxer would get
#      an error, or FLUSHING and stop without one: a hang. sdpconvert makes
#      a fatal flow from downstream an error of its own, "kmssink0 refused
#      restricted frame 0", asserted with kmssink's log (GST_DEBUG=kmssink:6).
#    - on (as the run before leaves it): kmssink shows the frame on the
#      primary plane with drmModeSetPlane, which fails, and kmssink posts
#      its own error (gstkmssink.c:2025-2034): the generic "GStreamer
#      encountered a general resource error." with "drmModeSetPlane failed:
#      Invalid argument (22)".
#    Either way exit 1, no hang, nothing held after.
# 3. playbin (gst-launch-1.0) and gst-play-1.0 autoplug sdpdecrypt and
#    v4l2jpegdec, with sdpverify as the video sink: 75/75. gst-play-1.0
#    exits 0 even after an error: its output is parsed.
# 5. Refused, each a clean error (exit 1, the message names the TEE result
#    or the cause) and no hang, on copies of the WebM patched in /tmp
#    (ciphertext only: the protected clips' plaintext never reaches the
#    guest): content key 2 (the secure world has no such key), a foreign
#    key id, frame 10 with corrupt quantisation tables (it decodes to
#    another picture: sdpverify names frame 10 and both digests), frame 10
#    without its SOI marker (the engine refuses it: tee-jpegdec returns
#    that CAPTURE buffer whole, flagged V4L2_BUF_FLAG_ERROR, v4l2jpegdec
#    pushes it flagged GST_BUFFER_FLAG_CORRUPTED, gstv4l2bufferpool.c
#    :1463-1464, and sdpverify, which digests no such buffer, names frame
#    10 as the decoder's corrupt frame; with skip-corrupted=true it reports
#    frame 10 corrupt and verifies the 74 others), the restricted heap
#    exhausted, a CPU decoder (jpegdec) and a filesink after sdpdecrypt,
#    and sdpconvert on frames it cannot convert (not a dma-buf; no
#    sdpdecrypt upstream to name the content key). A CPU element's map of
#    a restricted buffer is refused, and sdpdecrypt then posts an error
#    naming the element after it: jpegdec fails on the refused map by
#    itself, but filesink 1.22.0 writes an empty vector for a memory it
#    cannot map and carries on (gstelements_private.c:527-533; its unmap of
#    it then prints GLib CRITICALs, gstreamer's, not asserted), which would
#    end at EOS with exit 0 and an empty file. filesink (buffer-mode
#    default) queues buffers until it has 64 KiB (gstfilesink.c
#    gst_file_sink_render, "Queueing buffer"), more than sdpdecrypt's 4
#    (about 11 KiB each): sdpdecrypt's pool, formerly bounded at 4, has no
#    upper bound now (the heap is the bound), where it waited for a free
#    buffer forever.
share=/usr/share/sdp-demo
clip=clear-640x360
webm=$share/$clip.webm
digests=$share/$clip.nv12.sha256
log=/tmp/gst-launch.log
out=/tmp/gst-frames.nv12
n=0
fail=0
export GST_DEBUG_NO_COLOR=1

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

# ---- the protected clips: sdpdecrypt, v4l2jpegdec, sdpverify ----
sclip=$share/clip-640x360
hd=$share/clip-1280x720
pfx=/tmp/gst-p

# gst NAME TIMEOUT GST_DEBUG ARGS...: gst-launch-1.0 -m ARGS with that
# GST_DEBUG, killed after TIMEOUT seconds (exit 143: a hang); its bus
# messages in $pfx-NAME.out, its errors and debug log in $pfx-NAME.err,
# its exit status in rc. Also counts the decoder's decoded/errors and the
# heaps' scrubbed (freed) buffers before and after: d0 d1, e0 e1, s0 s1.
gst() {
	name=$1 limit=$2 dbg=$3
	shift 3
	d0=$(counter decoded) e0=$(counter errors) s0=$(scrubbed)
	t0=$(now)
	GST_DEBUG=$dbg timeout "$limit" gst-launch-1.0 -m "$@" \
		> "$pfx-$name.out" 2> "$pfx-$name.err"
	rc=$?
	t1=$(now)
	d1=$(counter decoded) e1=$(counter errors) s1=$(scrubbed)
	echo "# $name: gst-launch-1.0 exit $rc after $(secs $((t1 - t0))); tee-jpegdec decoded +$((d1 - d0)), errors +$((e1 - e0)); restricted buffers freed +$((s1 - s0))"
	return $rc
}

# scrubbed: the buffers the restricted heaps have freed (and cleared) so far
scrubbed() {
	sed -n 's/^scrubbed: //p' /sys/kernel/debug/restricted_heap/* |
		awk '{ s += $1 } END { print s + 0 }'
}

# heap_stat HEAP FIELD: a statistic of a restricted heap (debugfs)
heap_stat() {
	sed -n "s/^$2: //p" "/sys/kernel/debug/restricted_heap/$1"
}

# idle: no restricted heap holds a buffer, tee-jpegdec no instance and no
# TEE shared memory; else says what is held
idle() {
	held=
	for f in /sys/kernel/debug/restricted_heap/*; do
		b=$(sed -n 's/^buffers: //p' "$f")
		[ "$b" = 0 ] || held="$held ${f##*/}: $b buffers;"
	done
	i=$(counter instances) m=$(counter shm)
	[ "$i" = 0 ] || held="$held tee-jpegdec: $i instances;"
	[ "$m" = 0 ] || held="$held tee-jpegdec: $m shm;"
	[ -z "$held" ] && return 0
	echo "# held after the pipeline:$held"
	return 1
}

# has FILE PATTERN...: every pattern (a fixed string) is in FILE; else
# says which are not
has() {
	f=$1 missing=0
	shift
	for p in "$@"; do
		grep -qF -- "$p" "$f" || { echo "# $f lacks: $p"; missing=1; }
	done
	return $missing
}

# lacks FILE PATTERN...: no pattern (a fixed string) is in FILE
lacks() {
	f=$1 found=0
	shift
	for p in "$@"; do
		grep -F -- "$p" "$f" | head -n 3 | sed "s|^|# $f has: |"
		grep -qF -- "$p" "$f" && found=1
	done
	return $found
}

# reported NAME: sdpverify's per-frame messages of a run, one line each,
# "FRAME DIGEST MATCH" (MATCH empty without a digest list)
reported() {
	sed -n 's/.* (element): sdp-verify, frame=(uint)\([0-9]*\), digest=(string)\([0-9a-f]*\)\(, match=(boolean)\([a-z]*\)\)\{0,1\};$/\1 \2 \4/p' \
		"$pfx-$1.out"
}

# verified NAME LIST N: sdpverify reported exactly frames 0..N-1 of the
# clip, in order, each once, each with the digest LIST has for it and
# match=true (a sdpverify message per frame; the first N lines of LIST)
verified() {
	reported "$1" > "$pfx-$1.frames"
	awk -v n="$3" 'NF == 2 && $1 < n { print $1, $2, "true" }' "$2" \
		> "$pfx-$1.want"
	cmp -s "$pfx-$1.want" "$pfx-$1.frames" && return 0
	echo "# sdpverify reported $(wc -l < "$pfx-$1.frames") frames; expected $3 (frames 0..$(($3 - 1)), each matching ${2##*/}); first differences:"
	diff "$pfx-$1.want" "$pfx-$1.frames" | grep '^[-+][0-9]' | head -n 6 | sed 's/^/#   /'
	return 1
}

# show NAME: the last lines of a run's errors, for a failed test
show() {
	grep -v ' \(DEBUG\|INFO\|LOG\) ' "$pfx-$1.err" | tail -n 12 | sed 's/^/#   /'
}

# refused NAME: exit 1 (gst-launch-1.0's error exit: not killed by the
# timeout, not a crash)
refused() {
	[ "$rc" = 1 ] && return 0
	echo "# $1: exit $rc, expected 1 (an error; 143 is a hang killed by the timeout)"
	return 1
}

# Leftovers after refused runs, all reported by one test at the end.
leftovers=0
check_idle() {
	idle || { echo "# ... after $1"; leftovers=1; }
}

[ -f "$sclip.webm" ] || echo "# $sclip.webm: no such file"

ok=0
[ "$(factory sdpdecrypt Klass)" = Decryptor ] &&
	[ "$(factory sdpdecrypt Rank)" = "marginal (64)" ] &&
	[ "$(factory sdpverify Klass)" = Filter/Analyzer/Video ] &&
	gst-inspect-1.0 sdp > /tmp/gst-sdp.out 2> /tmp/gst-sdp.err &&
	[ ! -s /tmp/gst-sdp.err ] && ok=1
[ $ok = 1 ] || sed 's/^/#   /' /tmp/gst-sdpdecrypt.out /tmp/gst-sdp.err
result $ok "the sdp plugin registers sdpdecrypt (klass Decryptor, rank marginal: decodebin and playbin plug it in) and sdpverify; gst-inspect-1.0 sdp says nothing on stderr"

# -- 2: into fakesink through the verifier --
ok=0
gst main 30 'sdpdecrypt:4,sdpverify:4' filesrc location="$sclip.webm" ! \
	matroskademux ! sdpdecrypt ! v4l2jpegdec capture-io-mode=dmabuf ! \
	sdpverify digests="$sclip.nv12.sha256" ! fakesink &&
	has "$pfx-main.out" 'Got EOS from element "pipeline0"' &&
	lacks "$pfx-main.out" 'WARNING' &&
	lacks "$pfx-main.err" ' WARN ' ' ERROR ' 'CRITICAL' 'ERROR:' && ok=1
[ $ok = 1 ] || show main
result $ok "gst-launch-1.0 filesrc location=$sclip.webm ! matroskademux ! sdpdecrypt ! v4l2jpegdec capture-io-mode=dmabuf ! sdpverify ! fakesink: exit 0 at EOS, no warning"

ok=0
verified main "$sclip.nv12.sha256" 75 &&
	has "$pfx-main.out" 'sdp-verify-summary, frames=(uint)75, matched=(uint)75, expected=(uint)75;' &&
	ok=1
result $ok "sdpverify: frames 0..74 in order, each the secure world's SHA-256 of the decoded picture equal to clip-640x360.nv12.sha256's; summary frames=75, matched=75, expected=75"

ok=0
has "$pfx-main.err" "<sdpdecrypt0> set v4l2jpegdec0's output-io-mode to dmabuf-import" \
	'<sdpdecrypt0> stream 640x360 under content key 1' &&
	[ "$((d1 - d0))" = 75 ] && [ "$e1" = "$e0" ] &&
	[ "$((s1 - s0))" -ge 4 ] && ok=1
result $ok "restricted buffers from sdpdecrypt (content key 1; freed: +$((s1 - s0))), imported by v4l2jpegdec (sdpdecrypt set its output-io-mode=dmabuf-import), to sdpverify (the secure world digests only restricted frames); tee-jpegdec decoded +75, errors +0"

ok=0
idle && ok=1
result $ok "after the pipeline the restricted heaps hold no buffer, tee-jpegdec no instance and no shared memory"

# The 1280x720 clip from restricted-ui, the decoder's frames then 1.3 MiB
# each: 6 frames, identity ending the stream before the decoder (the 7th
# sample comes back EOS, the demuxer sends EOS, the decoder drains). Not
# fakesink num-buffers=6: an EOS flow return from downstream ends
# v4l2jpegdec 1.22.0's output thread, which flushes the OUTPUT pool
# (gstv4l2videodec.c:830-838), and now and then the demuxer gets FLUSHING
# and the pipeline hangs (measured: 1 hang in 5 runs).
ok=0
gst hd 30 'sdpverify:4' filesrc location="$hd.webm" ! matroskademux ! \
	identity eos-after=7 ! sdpdecrypt heap=restricted-ui ! \
	v4l2jpegdec capture-io-mode=dmabuf ! \
	sdpverify digests="$hd.nv12.sha256" all-frames=false ! fakesink &&
	verified hd "$hd.nv12.sha256" 6 &&
	has "$pfx-hd.out" 'sdp-verify-summary, frames=(uint)6, matched=(uint)6, expected=(uint)50;' &&
	[ "$((d1 - d0))" = 6 ] && [ "$e1" = "$e0" ] && idle && ok=1
[ $ok = 1 ] || show hd
result $ok "the 1280x720 clip from heap restricted-ui, 6 frames (identity eos-after=7 after the demuxer): frames 0..5 each equal to clip-1280x720.nv12.sha256's, decoded +6, exit 0 at EOS; then nothing held"

# -- 1: into vivid's video output --
vout=
for d in /sys/class/video4linux/video*; do
	[ "$(cat "$d/name" 2>/dev/null)" = vivid-000-vid-out ] &&
		vout=/dev/${d##*/}
done
[ -n "$vout" ] || echo "# no vivid-000-vid-out in /sys/class/video4linux (vivid.allocators=1)"
# vivid's output 1, HDMI: progressive, square pixels, any frame rate, its
# default DV timings 1280x720p60 (CTA-861, CE video). Its output 0
# (S-Video, PAL) is 720x576 interlaced with pixel aspect ratio 54/59.
# With its scaler (on by default) vivid takes the frame's own size; its
# colorimetry is one of SMPTE 170M, Rec. 709, opRGB, BT.2020 and sRGB, the
# quantization always the default, limited range for YCbCr
# (vivid-vid-out.c, vivid_try_fmt_vid_out).
v4l2-ctl -d "$vout" --set-output=1 > /dev/null 2>&1 ||
	echo "# v4l2-ctl -d $vout --set-output=1 failed"
v4l2-ctl -d "$vout" --get-dv-timings --try-fmt-video-out \
	width=$w,height=$h,pixelformat=NV12 > "$pfx-vivid.fmt" 2>&1
ok=0
has "$pfx-vivid.fmt" 'Active width: 1280' 'Active height: 720' \
	'Frame format: progressive' 'Flags: framerate can be reduced by 1/1.001, CE-video, has CTA-861 VIC' \
	"Width/Height      : $w/$h" "Pixel Format      : 'NV12'" \
	'Field             : None' "Bytes per Line    : $w" \
	"Size Image        : $fsize" 'Colorspace        : Rec. 709' \
	'Quantization      : Default (maps to Limited Range)' && ok=1
[ $ok = 1 ] || sed 's/^/#   /' "$pfx-vivid.fmt"
result $ok "vivid's output 1 (HDMI, 1280x720p60 CE video) takes ${w}x$h NV12 as it is (bytesperline $w, sizeimage $fsize), Rec. 709, limited range"

# peak_start HEAP / peak_stop: the most buffers and bytes HEAP held while
# a pipeline ran (sampled every 20 ms) in peak_bufs, peak_used
peak_start() {
	: > /tmp/gst-peak.run
	while [ -e /tmp/gst-peak.run ]; do
		echo "$(heap_stat "$1" buffers) $(heap_stat "$1" used)"
		usleep 20000
	done | sort -n -k 1,1 -k 2,2 | tail -n 1 > /tmp/gst-peak.out &
	peak_pid=$!
}
peak_stop() {
	rm -f /tmp/gst-peak.run
	wait "$peak_pid"
	read -r peak_bufs peak_used < /tmp/gst-peak.out
}

# sinkq NAME: what v4l2sink's allocator did with vivid's OUTPUT queue (the
# v4l2allocator log): queued (VIDIOC_QBUF, each an imported dma-buf),
# dequeued (VIDIOC_DQBUF) and, of these, errored (V4L2_BUF_FLAG_ERROR);
# qfailed: QBUF refused
sinkq() {
	grep -F '<v4l2sink0:pool0:sink:allocator> ' "$pfx-$1.err" > "$pfx-$1.sinkq"
	queued=$(grep -c ' queued buffer [0-9]* (flags ' "$pfx-$1.sinkq")
	dequeued=$(grep -c ' dequeued buffer [0-9]* (flags ' "$pfx-$1.sinkq")
	errored=$(sed -n 's/.* dequeued buffer [0-9]* (flags 0x\([0-9A-F]*\))$/\1/p' \
		"$pfx-$1.sinkq" | while read -r f; do
			[ $((0x$f & 0x40)) = 0 ] || echo "$f"
		done | wc -l)
	qfailed=$(grep -c 'failed queueing buffer' "$pfx-$1.sinkq")
	echo "# $1: vivid's OUTPUT queue: $queued buffers queued, $dequeued dequeued ($errored with V4L2_BUF_FLAG_ERROR), $qfailed refused"
}

# every_frame_queued NAME: v4l2sink queued each of the clip's frames to
# vivid once (show-preroll-frame=false: the first is not shown twice),
# vivid refused none and returned none in error. The last one or two may
# still be queued when the pipeline stops (v4l2sink's pool has 2 buffers
# and dequeues when it needs one): at least frames - 2 come back.
every_frame_queued() {
	sinkq "$1"
	[ "$queued" = "$frames" ] && [ "$qfailed" = 0 ] && [ "$errored" = 0 ] &&
		[ "$dequeued" -ge $((frames - 2)) ] && [ "$dequeued" -le "$frames" ]
}

ok=0
c0=$(counter source_changes)
r0=$(heap_stat restricted scrubbed)
peak_start restricted
gst vivid 60 'v4l2allocator:6,v4l2videodec:5,sdpdecrypt:4,sdpverify:4' \
	filesrc location="$sclip.webm" ! matroskademux ! \
	application/x-webm-enc,colorimetry=bt601 ! sdpdecrypt ! \
	v4l2jpegdec capture-io-mode=dmabuf ! \
	sdpverify digests="$sclip.nv12.sha256" ! \
	v4l2sink device="$vout" io-mode=dmabuf-import sync=false \
	show-preroll-frame=false
rc_vivid=$rc
peak_stop
r1=$(heap_stat restricted scrubbed)
c1=$(counter source_changes)
echo "# vivid: heap restricted: at most $peak_bufs buffers, $peak_used bytes; freed +$((r1 - r0)); tee-jpegdec source_changes +$((c1 - c0))"
[ "$rc_vivid" = 0 ] && has "$pfx-vivid.out" 'Got EOS from element "pipeline0"' \
	'sdp-verify-summary, frames=(uint)75, matched=(uint)75, expected=(uint)75;' &&
	verified vivid "$sclip.nv12.sha256" 75 &&
	[ "$((d1 - d0))" = 75 ] && [ "$e1" = "$e0" ] && ok=1
[ $ok = 1 ] || show vivid
result $ok "filesrc location=$sclip.webm ! matroskademux ! application/x-webm-enc,colorimetry=bt601 ! sdpdecrypt ! v4l2jpegdec capture-io-mode=dmabuf ! sdpverify ! v4l2sink device=$vout (vivid's output) io-mode=dmabuf-import: exit 0 at EOS, frames 0..74 verified, 75/75, decoded +75, errors +0"

# The label: OUTPUT bt601 (SMPTE 170M, limited), CAPTURE the same.
ok=0
grep -F '<v4l2jpegdec0> Setting format: image/jpeg, ' "$pfx-vivid.err" |
	grep -qF 'colorimetry=(string)bt601' &&
	has "$pfx-vivid.err" "<v4l2jpegdec0> Chosen decoded caps: video/x-raw, format=(string)NV12, width=(int)$w, height=(int)$h, framerate=(fraction)25/1, interlace-mode=(string)progressive, colorimetry=(string)bt601" &&
	lacks "$pfx-vivid.err" 'not negotiated' && ok=1
result $ok "the label reaches the decoder (its sink caps colorimetry bt601, OUTPUT SMPTE 170M limited range) and comes back on CAPTURE: v4l2jpegdec's decoded caps are NV12 ${w}x$h bt601, which vivid takes"

# Restricted end to end: sdpdecrypt's 4 bitstream buffers of 1 MiB, then
# the decoder's 6 CAPTURE buffers of 348160 bytes (345600 rounded up to
# pages): its first CAPTURE buffers, set up before any bitstream came, were
# ordinary; the first restricted sample ended that sequence (one source
# change) and the new ones came from the restricted heap.
ok=0
has "$pfx-vivid.err" "<sdpdecrypt0> set v4l2jpegdec0's output-io-mode to dmabuf-import" &&
	[ "$((r1 - r0))" = 10 ] && [ "$peak_bufs" = 10 ] &&
	[ "$peak_used" = $((4 * 1048576 + 6 * 348160)) ] &&
	[ "$((c1 - c0))" = 1 ] && ok=1
result $ok "restricted buffers end to end: heap restricted held at most 10 buffers, $((4 * 1048576 + 6 * 348160)) bytes (sdpdecrypt's 4 bitstream buffers of 1 MiB, v4l2jpegdec's 6 CAPTURE buffers of 348160), freed +10; tee-jpegdec reallocated CAPTURE restricted once (source_changes +1)"

ok=0
every_frame_queued vivid && ok=1
[ $ok = 1 ] || head -n 8 "$pfx-vivid.sinkq" | sed 's/^/#   /'
result $ok "vivid imports every frame: v4l2sink queued the decoder's restricted dma-bufs $frames times (once per frame), vivid refused none and returned none with V4L2_BUF_FLAG_ERROR ($dequeued returned before the stop)"

ok=0
idle && ok=1
result $ok "after the vivid pipeline nothing is held"

# Without a label: the decoder keeps JPEG's full-range colorimetry, which
# vivid does not take. The sink caps link now (no longer EMPTY); the
# CAPTURE caps do not.
ok=0
gst vivid-jpeg 20 'v4l2:4,v4l2videodec:5' filesrc location="$sclip.webm" ! \
	matroskademux ! sdpdecrypt ! v4l2jpegdec capture-io-mode=dmabuf ! \
	sdpverify digests="$sclip.nv12.sha256" ! \
	v4l2sink device="$vout" io-mode=dmabuf-import sync=false
grep -F '<v4l2sink0:sink> probed caps: ' "$pfx-vivid-jpeg.err" |
	sed 's/.*probed caps: //' | tr ';' '\n' |
	grep 'format=(string)NV12, .*interlace-mode=(string)progressive' \
	> "$pfx-vivid-jpeg.nv12"
sed 's/^ */# vivid NV12 caps: /' "$pfx-vivid-jpeg.nv12"
refused vivid-jpeg &&
	has "$pfx-vivid-jpeg.err" '<v4l2jpegdec0:sink> probed caps: image/jpeg, width=(int)[ 1, 4096 ], height=(int)[ 1, 4096 ], colorimetry=(string){ 1:4:7:1, bt601, smpte240m, bt709, 1:3:5:1, 2:4:5:2, 2:4:5:3, 2:4:7:1, 2:4:12:8, bt2020, 2:0:0:0 }' \
		'<v4l2jpegdec0> Returning sink caps image/jpeg, width=(int)640, height=(int)360' \
		'<v4l2jpegdec0> Acquired caps: video/x-raw, format=(string)NV12, width=(int)640, height=(int)360, interlace-mode=(string)progressive, pixel-aspect-ratio=(fraction)1/1, chroma-site=(string)jpeg, colorimetry=(string)1:4:7:1' \
		'<v4l2jpegdec0> not negotiated' \
		'ERROR: from element /GstPipeline:pipeline0/GstMatroskaDemux:matroskademux0: Internal data stream error.' &&
	lacks "$pfx-vivid-jpeg.err" 'Returning sink caps EMPTY' &&
	[ -s "$pfx-vivid-jpeg.nv12" ] && lacks "$pfx-vivid-jpeg.nv12" '1:4:7:1' &&
	[ "$d1" = "$d0" ] && ok=1
[ $ok = 1 ] || show vivid-jpeg
result $ok "without a label (... ! sdpdecrypt ! v4l2jpegdec ! ... ! v4l2sink on vivid): v4l2jpegdec's sink caps list every colorimetry its OUTPUT takes and link, but its CAPTURE stays JPEG's 1:4:7:1 (full range), which vivid's NV12 caps lack: not negotiated, exit 1, nothing decoded"

ok=0
gst vivid-clear 20 'v4l2videodec:5' filesrc location="$webm" ! \
	matroskademux ! v4l2jpegdec ! v4l2sink device="$vout" \
	io-mode=dmabuf-import sync=false
refused vivid-clear &&
	has "$pfx-vivid-clear.err" '<v4l2jpegdec0> not negotiated' \
		'streaming stopped, reason not-negotiated (-4)' &&
	[ "$d1" = "$d0" ] && ok=1
[ $ok = 1 ] || show vivid-clear
result $ok "the clear clip with stock elements only and no label (filesrc ! matroskademux ! v4l2jpegdec ! v4l2sink on vivid): not negotiated the same way, exit 1: a matter of colorimetry, not of restricted memory"

ok=0
gst vivid-clear-bt601 60 'v4l2allocator:6,v4l2videodec:5' \
	filesrc location="$webm" ! matroskademux ! \
	image/jpeg,colorimetry=bt601 ! v4l2jpegdec ! \
	v4l2sink device="$vout" io-mode=dmabuf-import sync=false \
	show-preroll-frame=false &&
	has "$pfx-vivid-clear-bt601.out" 'Got EOS from element "pipeline0"' &&
	[ "$((d1 - d0))" = "$frames" ] && [ "$e1" = "$e0" ] &&
	[ "$s1" = "$s0" ] && every_frame_queued vivid-clear-bt601 &&
	ok=1
[ $ok = 1 ] || show vivid-clear-bt601
result $ok "the clear clip with stock elements only, labelled (filesrc ! matroskademux ! image/jpeg,colorimetry=bt601 ! v4l2jpegdec ! v4l2sink on vivid): exit 0 at EOS, decoded +$frames, errors +0, every frame queued to vivid, none refused or in error, no restricted buffer"
v4l2-ctl -d "$vout" --set-output=0 > /dev/null 2>&1

ok=0
idle && ok=1
result $ok "after the vivid pipelines nothing is held"

# -- 2: into kmssink on vkms --
ok=0
[ "$(factory sdpconvert Klass)" = Filter/Converter/Video ] &&
	[ "$(factory sdpconvert Rank)" = "none (0)" ] &&
	grep -q 'restricted: true' /tmp/gst-sdpconvert.out && ok=1
[ $ok = 1 ] || sed 's/^/#   /' /tmp/gst-sdpconvert.out
result $ok "the sdp plugin registers sdpconvert (klass Filter/Converter/Video, rank none: never autoplugged), NV12 in, BGRx restricted=true out"

# The secure world's BGRx, verified: sdpconvert's frames against the
# clip's XRGB8888 digests.
ok=0
gst convert 30 'sdpconvert:4,sdpverify:4' filesrc location="$sclip.webm" ! \
	matroskademux ! sdpdecrypt ! v4l2jpegdec capture-io-mode=dmabuf ! \
	sdpconvert ! sdpverify digests="$sclip.xrgb.sha256" ! fakesink &&
	has "$pfx-convert.out" 'Got EOS from element "pipeline0"' \
		'sdp-verify-summary, frames=(uint)75, matched=(uint)75, expected=(uint)75;' &&
	verified convert "$sclip.xrgb.sha256" 75 &&
	has "$pfx-convert.err" '<sdpconvert0> stream 640x360 under content key 1' &&
	lacks "$pfx-convert.err" ' WARN ' ' ERROR ' 'CRITICAL' 'ERROR:' &&
	[ "$((d1 - d0))" = 75 ] && [ "$e1" = "$e0" ] && idle && ok=1
[ $ok = 1 ] || show convert
result $ok "... ! v4l2jpegdec capture-io-mode=dmabuf ! sdpconvert ! sdpverify digests=clip-640x360.xrgb.sha256 ! fakesink: the secure world converts each frame into a restricted BGRx buffer, frames 0..74 each equal to the clip's XRGB8888 digest, 75/75, exit 0; then nothing held"

# kms NAME KMSSINK-PROPERTIES...: the 1280x720 clip through sdpconvert into
# kmssink on vkms, with the kernel's KMS debug messages of the run in
# $pfx-NAME.dmesg
kms() {
	name=$1
	shift
	echo 4 > /sys/module/drm/parameters/debug
	echo "gst-suite: $name begins" > /dev/kmsg
	gst "$name" 20 'kmssink:6,sdpconvert:4' filesrc location="$hd.webm" ! \
		matroskademux ! sdpdecrypt heap=restricted-ui ! \
		v4l2jpegdec capture-io-mode=dmabuf ! \
		sdpconvert heap=restricted-ui ! kmssink driver-name=vkms "$@"
	echo 0 > /sys/module/drm/parameters/debug
	dmesg | sed -n "/gst-suite: $name begins/,\$p" > "$pfx-$name.dmesg"
}

# vkms refused the restricted framebuffer, where it vmaps it; no WARN or
# Oops; nothing held after
vkms_refused() {
	has "$pfx-$1.dmesg" "gst-suite: $1 begins" \
		'[drm:drm_gem_shmem_vmap] Failed to vmap pages, error -22' &&
		lacks "$pfx-$1.dmesg" 'WARNING:' 'Oops' 'BUG:' &&
		[ "$e1" = "$e0" ] && idle
}

ok=0
kms kms force-modesetting=true
refused kms &&
	has "$pfx-kms.err" 'ERROR: from element /GstPipeline:pipeline0/GstSdpConvert:sdpconvert0: kmssink0 refused restricted frame 0' \
		"pushing it returned error; the cause is in kmssink0's debug log" \
		'<kmssink0> DRM v1.0.0 [vkms' '<kmssink0> configuring mode setting' \
		'<kmssink0> setting KMS mem' \
		'<kmssink0> drmModePageFlip failed: Invalid argument (22)' &&
	lacks "$pfx-kms.err" 'not-linked' 'drmModeSetPlane failed' &&
	vkms_refused kms && ok=1
[ $ok = 1 ] || { show kms; grep -v 'Probed mode' "$pfx-kms.dmesg" | tail -n 5 | sed 's/^/#   /'; }
result $ok "... 1280x720 ... ! sdpconvert heap=restricted-ui ! kmssink driver-name=vkms force-modesetting=true: links, vkms imports each BGRx frame and makes it a framebuffer, refuses the page flip (its prepare_fb: drm_gem_shmem_vmap -22); kmssink only logs it, sdpconvert's error names it: exit 1, no hang, no WARN; then nothing held"

ok=0
kms kms-plane
refused kms-plane &&
	has "$pfx-kms-plane.err" 'ERROR: from element /GstPipeline:pipeline0/GstKMSSink:kmssink0: GStreamer encountered a general resource error.' \
		'drmModeSetPlane failed: Invalid argument (22)' '<kmssink0> setting KMS mem' &&
	lacks "$pfx-kms-plane.err" 'enabling modesetting' &&
	vkms_refused kms-plane && ok=1
[ $ok = 1 ] || { show kms-plane; grep -v 'Probed mode' "$pfx-kms-plane.dmesg" | tail -n 5 | sed 's/^/#   /'; }
result $ok "the same into kmssink on the CRTC the run before left on: vkms refuses the frame on the primary plane (drm_gem_shmem_vmap -22), kmssink's own error names drmModeSetPlane EINVAL: exit 1, no hang, no WARN; then nothing held"

# -- 3: playbin and gst-play-1.0 --
vsink="sdpverify digests=$sclip.nv12.sha256 ! fakesink"
ok=0
gst playbin 30 'sdpdecrypt:4' playbin uri="file://$sclip.webm" \
	flags=video+native-video video-sink="$vsink" &&
	has "$pfx-playbin.out" 'Got EOS from element "playbin0"' \
		'from element "sdpdecrypt0"' 'from element "v4l2jpegdec0"' &&
	has "$pfx-playbin.err" "<sdpdecrypt0> set v4l2jpegdec0's output-io-mode to dmabuf-import" &&
	verified playbin "$sclip.nv12.sha256" 75 &&
	has "$pfx-playbin.out" 'sdp-verify-summary, frames=(uint)75, matched=(uint)75, expected=(uint)75;' &&
	[ "$e1" = "$e0" ] && idle && ok=1
[ $ok = 1 ] || show playbin
result $ok "gst-launch-1.0 playbin uri=file://$sclip.webm flags=video+native-video video-sink=\"sdpverify ! fakesink\": playbin plugs sdpdecrypt and v4l2jpegdec, frames 0..74 each verified, 75/75, exit 0; then nothing held"

# gst-play-1.0 prints no element message and exits 0 after an error too:
# its ERROR lines and the verifier's log say how it went.
ok=0
d0=$(counter decoded) e0=$(counter errors)
t0=$(now)
GST_DEBUG='sdpdecrypt:4,sdpverify:4' timeout 30 gst-play-1.0 \
	--no-interactive --flags=video+native-video --videosink="$vsink" \
	"$sclip.webm" > "$pfx-play.out" 2> "$pfx-play.err"
rc=$?
t1=$(now)
d1=$(counter decoded) e1=$(counter errors)
echo "# gst-play-1.0: exit $rc after $(secs $((t1 - t0))); tee-jpegdec decoded +$((d1 - d0)), errors +$((e1 - e0))"
[ $rc = 0 ] && has "$pfx-play.out" "Now playing $sclip.webm" \
	'Reached end of play list.' &&
	lacks "$pfx-play.err" 'ERROR ' 'WARNING ' &&
	has "$pfx-play.err" "<sdpdecrypt0> set v4l2jpegdec0's output-io-mode to dmabuf-import" \
		'<sdpverify0> 75 frames, 75 matched, 75 listed' &&
	[ "$((d1 - d0))" = 75 ] && [ "$e1" = "$e0" ] && idle && ok=1
[ $ok = 1 ] || { tail -n 3 "$pfx-play.out" | sed 's/^/#   /'; show play; }
result $ok "gst-play-1.0 --flags=video+native-video --videosink=\"sdpverify ! fakesink\" $sclip.webm: to the end of the play list, no error, sdpverify 75 frames, 75 matched; then nothing held"

# -- 5: refused --
# Copies of the protected WebM patched in /tmp: the ciphertext only.
hexat() {
	xxd -p -s "$2" -l "$3" "$1" | tr -d '\n'
}

# flip FILE OFFSET COUNT: XOR COUNT bytes at OFFSET with 0x5a (a ciphertext
# bit flipped is the same plaintext bit flipped: AES-CTR)
flip() {
	hex=$(hexat "$1" "$2" "$3") new= i=0
	while [ "$i" -lt "${#hex}" ]; do
		new=$new$(printf %02x $((0x${hex:$i:2} ^ 0x5a)))
		i=$((i + 2))
	done
	echo "$new" | xxd -r -p | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}

# ebml FILE OFFSET: the EBML element header at OFFSET: eid (hex), esize
# (the payload's size) and ehdr (the header's size)
ebml() {
	h=$(hexat "$1" "$2" 12)
	b=$((0x${h:0:2}))
	if [ $b -ge 128 ]; then il=1
	elif [ $b -ge 64 ]; then il=2
	elif [ $b -ge 32 ]; then il=3
	else il=4
	fi
	eid=${h:0:$((il * 2))}
	b=$((0x${h:$((il * 2)):2}))
	sl=1 m=128
	while [ $m -gt 1 ] && [ $((b & m)) = 0 ]; do
		sl=$((sl + 1)) m=$((m >> 1))
	done
	esize=$((b & (m - 1))) i=1
	while [ $i -lt $sl ]; do
		esize=$((esize * 256 + 0x${h:$(((il + i) * 2)):2}))
		i=$((i + 1))
	done
	ehdr=$((il + sl))
}

# sample FILE K: the file offset of frame K's ciphertext: the K-th
# SimpleBlock (into Segment and Cluster, over all else) after its header,
# track number (0x81), timecode, flags and signal byte (0x01: encrypted)
# and 8-byte IV (docs/clip-format.md, "WebM")
sample() {
	o=0 k=0 end=$(wc -c < "$1")
	while [ $o -lt "$end" ]; do
		ebml "$1" $o
		case $eid in
		18538067|1f43b675)
			o=$((o + ehdr)) ;;
		a3)
			if [ $k = "$2" ]; then
				o=$((o + ehdr))
				[ "$(hexat "$1" $o 1)" = 81 ] &&
					[ "$(hexat "$1" $((o + 4)) 1)" = 01 ] &&
					echo $((o + 13))
				return
			fi
			k=$((k + 1)) o=$((o + ehdr + esize)) ;;
		*)
			o=$((o + ehdr + esize)) ;;
		esac
	done
}

pipeline() {
	gst "$1" 20 "$2" filesrc location="$3" ! matroskademux ! sdpdecrypt ! \
		v4l2jpegdec capture-io-mode=dmabuf ! \
		sdpverify digests="$sclip.nv12.sha256" ! fakesink
}

# The key id: "sdp-content:" and the key number (big-endian 32 bits).
kid=$(strings -t d -n 12 "$sclip.webm" | sed -n 's/^ *\([0-9]*\) sdp-content:$/\1/p')
[ -n "$kid" ] && [ "$(hexat "$sclip.webm" "$kid" 16)" = 7364702d636f6e74656e743a00000001 ] ||
	echo "# the key id of content key 1 not found in $sclip.webm (at '$kid')"

ok=0
cp "$sclip.webm" /tmp/key2.webm
printf '\002' | dd of=/tmp/key2.webm bs=1 seek=$((kid + 15)) conv=notrunc 2>/dev/null
pipeline key2 '' /tmp/key2.webm
refused key2 &&
	has "$pfx-key2.err" 'ERROR: from element /GstPipeline:pipeline0/GstSdpDecrypt:sdpdecrypt0: The secure world has no content key 2' \
		'OPEN_STREAM (Motion-JPEG 640x360, key id 2): TEEC_ERROR_ITEM_NOT_FOUND (0xffff0008), origin TRUSTED_APP' &&
	[ -z "$(reported key2)" ] && ok=1
[ $ok = 1 ] || show key2
check_idle key2
result $ok "a WebM key id of content key 2: sdpdecrypt's error names TEEC_ERROR_ITEM_NOT_FOUND from the video TA's OPEN_STREAM, exit 1, no frame"

ok=0
cp "$sclip.webm" /tmp/badkid.webm
printf 'x' | dd of=/tmp/badkid.webm bs=1 seek="$kid" conv=notrunc 2>/dev/null
pipeline badkid '' /tmp/badkid.webm
refused badkid &&
	has "$pfx-badkid.err" 'ERROR: from element /GstPipeline:pipeline0/GstSdpDecrypt:sdpdecrypt0: Unknown key id 7864702d636f6e74656e743a00000001' \
		'sdpdecrypt knows the key ids "sdp-content:" followed by a 32-bit big-endian key number' &&
	[ -z "$(reported badkid)" ] && ok=1
[ $ok = 1 ] || show badkid
check_idle badkid
result $ok "a foreign WebM key id (xdp-content:, key 1): sdpdecrypt names the key id, exit 1, no frame"

# Frame 10 with its luma quantisation table changed: the plaintext from
# byte 25 (SOI, the JFIF APP0 segment of 18 bytes, the DQT marker, length
# and table number: libjpeg-turbo's layout for mkclip's frames). The
# engine decodes it, to another picture.
c10=$(sample "$sclip.webm" 10)
[ -n "$c10" ] || echo "# frame 10's block not found in $sclip.webm"
ok=0
cp "$sclip.webm" /tmp/dqt.webm
flip /tmp/dqt.webm $((c10 + 25)) 8
pipeline dqt 'sdpverify:2' /tmp/dqt.webm
reported dqt > "$pfx-dqt.frames"
head -n 10 "$pfx-dqt.frames" > "$pfx-dqt.head"
awk 'NF == 2 && $1 < 10 { print $1, $2, "true" }' "$sclip.nv12.sha256" \
	> "$pfx-dqt.want"
# frame 10's digest from the error: gst-launch-1.0 1.22 quits at an error
# from its bus sync handler, and may not print the messages still queued
# (frame 10's sdp-verify message is posted just before the error)
want10=$(sed -n 's/^10 //p' "$sclip.nv12.sha256")
got10=$(sed -n "s/.*secure world's SHA-256 \([0-9a-f]*\), .*/\1/p" \
	"$pfx-dqt.err" | head -n 1)
refused dqt && cmp -s "$pfx-dqt.head" "$pfx-dqt.want" &&
	[ -n "$got10" ] && [ "$got10" != "$want10" ] &&
	has "$pfx-dqt.err" 'ERROR: from element /GstPipeline:pipeline0/GstSdpVerify:sdpverify0: Frame 10 does not match its expected digest' \
		"secure world's SHA-256 $got10, $sclip.nv12.sha256 lists $want10" &&
	[ "$e1" = "$e0" ] && ok=1
[ $ok = 1 ] || { sed 's/^/# got /' "$pfx-dqt.frames" | tail -n 3; show dqt; }
check_idle dqt
result $ok "frame 10's ciphertext flipped over its quantisation table: frames 0..9 verified, then sdpverify's error names frame 10 and both digests; the decoder reports no error; exit 1"

# Frame 10 without its SOI marker: the engine refuses it. tee-jpegdec
# returns that CAPTURE buffer whole, flagged V4L2_BUF_FLAG_ERROR, and
# v4l2jpegdec pushes it flagged GST_BUFFER_FLAG_CORRUPTED: sdpverify names
# it and does not digest it.
ok=0
cp "$sclip.webm" /tmp/soi.webm
flip /tmp/soi.webm "$c10" 2
pipeline soi 'sdpverify:4' /tmp/soi.webm
reported soi > "$pfx-soi.frames"
awk 'NF == 2 && $1 < 10 { print $1, $2, "true" }' "$sclip.nv12.sha256" \
	> "$pfx-soi.want"
refused soi && cmp -s "$pfx-soi.frames" "$pfx-soi.want" &&
	has "$pfx-soi.err" 'ERROR: from element /GstPipeline:pipeline0/GstSdpVerify:sdpverify0: Frame 10: the decoder reported it corrupt' \
		'GST_BUFFER_FLAG_CORRUPTED (a V4L2 decoder: V4L2_BUF_FLAG_ERROR), not digested' &&
	[ "$((e1 - e0))" = 1 ] && ok=1
[ $ok = 1 ] || { sed 's/^/# got /' "$pfx-soi.frames" | tail -n 3; show soi; }
check_idle soi
result $ok "frame 10's ciphertext flipped over its SOI marker, so the engine refuses it: frames 0..9 verified, then sdpverify's error names frame 10 as corrupt from the decoder (not digested); tee-jpegdec errors +1; exit 1, no hang"

# The same with skip-corrupted=true all-frames=false: sdpverify reports
# frame 10 as corrupt (its message, corrupted=true) and goes on; the
# decoder decodes every other frame.
ok=0
gst soi-skip 30 'sdpverify:4' filesrc location=/tmp/soi.webm ! \
	matroskademux ! sdpdecrypt ! v4l2jpegdec capture-io-mode=dmabuf ! \
	sdpverify digests="$sclip.nv12.sha256" skip-corrupted=true \
	all-frames=false ! fakesink
reported soi-skip > "$pfx-soi-skip.frames"
awk 'NF == 2 && $1 != 10 { print $1, $2, "true" }' "$sclip.nv12.sha256" \
	> "$pfx-soi-skip.want"
[ "$rc" = 0 ] && cmp -s "$pfx-soi-skip.frames" "$pfx-soi-skip.want" &&
	has "$pfx-soi-skip.out" 'sdp-verify, frame=(uint)10, corrupted=(boolean)true;' \
		'sdp-verify-summary, frames=(uint)74, matched=(uint)74, expected=(uint)75;' &&
	has "$pfx-soi-skip.err" '<sdpverify0> frame 10: the decoder reported it corrupt; skipped' \
		'<sdpverify0> 74 frames, 74 matched, 75 listed; 1 flagged corrupt' &&
	[ "$((d1 - d0))" = 74 ] && [ "$((e1 - e0))" = 1 ] && ok=1
[ $ok = 1 ] || { diff "$pfx-soi-skip.want" "$pfx-soi-skip.frames" |
	grep '^[<>]' | head -n 4 | sed 's/^/# /'; show soi-skip; }
check_idle soi-skip
result $ok "the same with sdpverify skip-corrupted=true all-frames=false: frame 10 reported corrupted=true, frames 0..9 and 11..74 verified (74/75), tee-jpegdec decoded +74, errors +1; exit 0"

rm -f /tmp/key2.webm /tmp/badkid.webm /tmp/dqt.webm /tmp/soi.webm

ok=0
f0=$(heap_stat restricted alloc_failures)
gst nomem 20 '' filesrc location="$sclip.webm" ! matroskademux ! \
	sdpdecrypt num-buffers=32 ! v4l2jpegdec capture-io-mode=dmabuf ! \
	fakesink
f1=$(heap_stat restricted alloc_failures)
refused nomem &&
	has "$pfx-nomem.err" "ERROR: from element /GstPipeline:pipeline0/GstSdpDecrypt:sdpdecrypt0: Cannot allocate 32 restricted buffers of 1048576 bytes from heap 'restricted': Cannot allocate memory" \
		'DMA_HEAP_IOCTL_ALLOC on /dev/dma_heap/restricted; see the properties num-buffers and buffer-size' &&
	[ "$f1" -gt "$f0" ] && [ "$d1" = "$d0" ] && ok=1
[ $ok = 1 ] || show nomem
check_idle nomem
result $ok "sdpdecrypt num-buffers=32 (32 MiB from the 12 MiB heap): the heap refuses (alloc_failures +$((f1 - f0))), sdpdecrypt's error names ENOMEM and the heap, exit 1"

# jpegdec maps its input: sdpdecrypt's allocator refuses every CPU map
# (before the mmap that the heap would refuse with EPERM), and sdpdecrypt
# names the element after it.
ok=0
gst cpu 20 'sdpallocator:5' filesrc location="$sclip.webm" ! \
	matroskademux ! sdpdecrypt ! jpegdec ! fakesink
refused cpu &&
	has "$pfx-cpu.err" 'ERROR: from element /GstPipeline:pipeline0/GstSdpDecrypt:sdpdecrypt0: A CPU element after sdpdecrypt (jpegdec0) cannot read the restricted bitstream' \
		'mapped by the CPU, which is refused; the bitstream is for a decoder that imports dma-bufs, such as v4l2jpegdec' \
		'is restricted: no read CPU mapping' &&
	[ "$d1" = "$d0" ] && ok=1
[ $ok = 1 ] || show cpu
check_idle cpu
result $ok "a CPU decoder after sdpdecrypt (jpegdec): its map of a restricted buffer is refused (no CPU mapping), sdpdecrypt's error names jpegdec0, exit 1"

# filesink maps what it writes, and carries on after a refused map.
ok=0
rm -f /tmp/gst-plain.jpg
gst filesink 20 'sdpallocator:5' filesrc location="$sclip.webm" ! \
	matroskademux ! sdpdecrypt ! filesink location=/tmp/gst-plain.jpg
got=$(wc -c < /tmp/gst-plain.jpg 2>/dev/null | tr -d ' ')
echo "# filesink: /tmp/gst-plain.jpg ${got:-not written} bytes; sdpdecrypt's buffers freed +$((s1 - s0))"
refused filesink &&
	has "$pfx-filesink.err" 'ERROR: from element /GstPipeline:pipeline0/GstSdpDecrypt:sdpdecrypt0: A CPU element after sdpdecrypt (filesink0) cannot read the restricted bitstream' \
		'is restricted: no read CPU mapping' &&
	[ "$got" = 0 ] && [ "$((s1 - s0))" -gt 4 ] && [ "$d1" = "$d0" ] &&
	ok=1
[ $ok = 1 ] || show filesink
check_idle filesink
rm -f /tmp/gst-plain.jpg
result $ok "sdpdecrypt ! filesink: no hang (filesink holds more than sdpdecrypt's 4 buffers before it writes: sdpdecrypt allocates more, freed +$((s1 - s0))); its map is refused, sdpdecrypt's error names filesink0, exit 1, 0 bytes written"

# sdpconvert converts only restricted frames of a stream sdpdecrypt opened.
ok=0
gst convert-mmap 20 '' filesrc location="$webm" ! matroskademux ! \
	v4l2jpegdec capture-io-mode=mmap ! sdpconvert ! fakesink
refused convert-mmap &&
	has "$pfx-convert-mmap.err" 'ERROR: from element /GstPipeline:pipeline0/GstSdpConvert:sdpconvert0: Frame 0 is not in a dma-buf' &&
	ok=1
[ $ok = 1 ] || show convert-mmap
check_idle convert-mmap
result $ok "sdpconvert after v4l2jpegdec capture-io-mode=mmap (the clear clip): Frame 0 is not in a dma-buf, exit 1"

ok=0
gst convert-clear 20 '' filesrc location="$webm" ! matroskademux ! \
	v4l2jpegdec capture-io-mode=dmabuf ! sdpconvert ! fakesink
refused convert-clear &&
	has "$pfx-convert-clear.err" 'ERROR: from element /GstPipeline:pipeline0/GstSdpConvert:sdpconvert0: No sdpdecrypt upstream names the content key of the frames' &&
	ok=1
[ $ok = 1 ] || show convert-clear
check_idle convert-clear
result $ok "sdpconvert after the clear clip's decoder: no sdpdecrypt upstream names a content key (the secure world converts only within a stream), exit 1"

ok=0
[ $leftovers = 0 ] && ok=1
result $ok "after each refused pipeline the restricted heaps hold no buffer, tee-jpegdec no instance and no shared memory"

echo "1..$n"
exit $fail
