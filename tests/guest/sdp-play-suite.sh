#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# sdp-play, make run's player: the encrypted WebM through the GStreamer
# pipeline a user would type (filesrc ! matroskademux ! sdpdecrypt !
# v4l2jpegdec ! sdpverify ! sink). One TAP result per run, each checking
# the exit status, the pipeline it printed and the exact report lines
# (frames decoded, digests matched, buffers each sink received, PASS or
# FAIL), then that the restricted heaps hold no buffer and tee-jpegdec no
# instance. Its default sink, vivid's video output (v4l2sink on output 1,
# HDMI, the stream labelled BT.601 for it), and fakesink; then runs that
# must fail with a precise message: a missing clip, an unknown heap, bad
# options. Runs after gst-suite.sh in the gst boot (the GStreamer
# registry is built).
share=/usr/share/sdp-demo
out=/tmp/sdp-play.out
n=0
fail=0

# idle: no restricted heap holds a buffer, tee-jpegdec no instance and no
# TEE shared memory; else says what is held
idle() {
	held=
	for f in /sys/kernel/debug/restricted_heap/*; do
		b=$(sed -n 's/^buffers: //p' "$f")
		[ "$b" = 0 ] || held="$held ${f##*/}: $b buffers;"
	done
	for f in /sys/kernel/debug/tee-jpegdec/*; do
		for c in instances shm; do
			v=$(sed -n "s/^$c: //p" "$f")
			[ "$v" = 0 ] || held="$held tee-jpegdec $c: $v;"
		done
	done
	[ -z "$held" ] && return 0
	echo "# held after sdp-play:$held"
	return 1
}

# play NAME WANT_EXIT PATTERNS... -- SDP-PLAY-ARGS...: one result: the
# exit status, every pattern (a fixed string, one a line of the output)
# and nothing held afterwards
play() {
	name=$1 want=$2
	shift 2
	pats=""
	while [ "$1" != "--" ]; do
		pats="$pats
$1"
		shift
	done
	shift
	timeout 120 sdp-play "$@" > "$out" 2>&1
	rc=$?
	n=$((n + 1))
	ok=1
	[ "$rc" = "$want" ] || { echo "# sdp-play $*: exit $rc, expected $want (143: killed by the timeout)"; ok=0; }
	IFS='
'
	for p in $pats; do
		grep -qxF -- "$p" "$out" || { echo "# missing line: $p"; ok=0; }
	done
	unset IFS
	idle || ok=0
	if [ $ok = 1 ]; then
		echo "ok $n - $name"
	else
		sed 's/^/#   /' "$out"
		echo "not ok $n - $name"
		fail=1
	fi
}

frames=$(wc -l < "$share/clip-640x360.nv12.sha256" | tr -d ' ')
clip=$share/clip-640x360.webm
digests=$share/clip-640x360.nv12.sha256
hd=$share/clip-1280x720

vout=
for d in /sys/class/video4linux/video*; do
	[ "$(cat "$d/name" 2>/dev/null)" = vivid-000-vid-out ] &&
		vout=/dev/${d##*/}
done
[ -n "$vout" ] || echo "# no vivid-000-vid-out in /sys/class/video4linux (vivid.allocators=1)"
label=application/x-webm-enc,colorimetry=bt601
vsink="v4l2sink device=$vout io-mode=dmabuf-import sync=false show-preroll-frame=false"

# ---- the whole clip, into vivid's video output (the default) ----
before=$(v4l2-ctl -d "$vout" --get-output 2>&1)
play "sdp-play: all $frames frames of the 640x360 clip decoded by v4l2jpegdec, each verified in the secure world ($frames/$frames), $frames buffers into v4l2sink on vivid's output 1 (HDMI), PASS, exit 0; then nothing held" 0 \
	"sdp-play: $vout (vivid-000-vid-out): output 1, HDMI 000-0" \
	"  gst-launch-1.0 filesrc location=$clip ! matroskademux ! $label ! sdpdecrypt heap=restricted ! v4l2jpegdec capture-io-mode=dmabuf ! sdpverify digests=$digests ! $vsink" \
	"  heap              : /dev/dma_heap/restricted (sdpdecrypt's restricted bitstream buffers)" \
	"  stream            : 640x360 NV12 at 25/1 frames/s" \
	"  frames decoded    : $frames (v4l2jpegdec0)" \
	"  digests matched   : $frames/$frames (sdpverify: $frames frames digested in the secure world, $frames listed in $digests)" \
	"  sink v4l2sink0    : $frames buffers (v4l2sink $vout)" \
	"  result            : PASS" --
sed -n '/==== sdp-play report/,$s/^/# /p' "$out"

n=$((n + 1))
after=$(v4l2-ctl -d "$vout" --get-output 2>&1)
if [ "$after" = "$before" ] && [ "$after" = "Video output: 0 (S-Video 000-0)" ]; then
	echo "ok $n - sdp-play gives vivid's output back as it found it: $after"
else
	echo "not ok $n - sdp-play gives vivid's output back as it found it: before '$before', after '$after'"
	fail=1
fi

# ---- the whole clip, into fakesink ----
play "sdp-play --sink fake: all $frames frames of the 640x360 clip decoded, $frames/$frames verified, $frames buffers into fakesink (no label), PASS, exit 0; then nothing held" 0 \
	"  gst-launch-1.0 filesrc location=$clip ! matroskademux ! sdpdecrypt heap=restricted ! v4l2jpegdec capture-io-mode=dmabuf ! sdpverify digests=$digests ! fakesink" \
	"  stream            : 640x360 NV12 at 25/1 frames/s" \
	"  frames decoded    : $frames (v4l2jpegdec0)" \
	"  digests matched   : $frames/$frames (sdpverify: $frames frames digested in the secure world, $frames listed in $digests)" \
	"  sink fakesink0    : $frames buffers (fakesink)" \
	"  result            : PASS" -- \
	--sink fake

# ---- the first frames of the 720p clip, from restricted-ui ----
play "sdp-play -c clip-1280x720 -H restricted-ui -n 6: identity eos-after=7 ends the stream, 6 frames decoded, 6/6 verified, 6 buffers into v4l2sink on vivid, PASS; then nothing held" 0 \
	"  gst-launch-1.0 filesrc location=$hd.webm ! matroskademux ! $label ! identity eos-after=7 ! sdpdecrypt heap=restricted-ui ! v4l2jpegdec capture-io-mode=dmabuf ! sdpverify digests=$hd.nv12.sha256 all-frames=false ! $vsink" \
	"  stream            : 1280x720 NV12 at 25/1 frames/s" \
	"  frames decoded    : 6 (v4l2jpegdec0)" \
	"  digests matched   : 6/6 (sdpverify: 6 frames digested in the secure world, 50 listed in $hd.nv12.sha256)" \
	"  sink v4l2sink0    : 6 buffers (v4l2sink $vout)" \
	"  result            : PASS" -- \
	-c clip-1280x720 -H /dev/dma_heap/restricted-ui -n 6

# ---- refused ----
play "sdp-play -c nope: exit 1, 'clip /usr/share/sdp-demo/nope.webm: no such file'" 1 \
	"sdp-play: error: clip $share/nope.webm: no such file" -- \
	-c nope --sink fake

play "sdp-play -H nope: sdpdecrypt's error names the heap and /dev/dma_heap/nope, nothing decoded, FAIL, exit 1; then nothing held" 1 \
	"sdp-play: error from /GstPipeline:pipeline0/GstSdpDecrypt:sdpdecrypt0: Cannot open the restricted heap 'nope'" \
	"sdp-play:   /dev/dma_heap/nope: No such file or directory" \
	"  frames decoded    : 0 (v4l2jpegdec0)" \
	"  sink fakesink0    : 0 buffers (fakesink)" \
	"  result            : FAIL" -- \
	-H nope --sink fake

play "sdp-play --sink hdmi: usage error, exit 2" 2 \
	"sdp-play: --sink is vivid or fake, not 'hdmi'" -- \
	--sink hdmi

play "sdp-play -n -1: usage error, exit 2" 2 \
	"sdp-play: --frames must be a number in 1..100000 (0: all), not -1" -- \
	-n -1 --sink fake

echo "1..$n"
exit $fail
