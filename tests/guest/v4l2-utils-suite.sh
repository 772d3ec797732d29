#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The TEE JPEG decoder (tee-jpegdec) driven by Debian's v4l-utils, as any
# V4L2 stateful decoder client would drive it, on clear content:
# v4l2-compliance with streaming must find no failure and no warning, and
# v4l2-ctl must decode the clear 640x360 Motion-JPEG clip (mkclip -m: one
# JPEG per OUTPUT buffer, v4l2-ctl's --stream-from-hdr framing; its own
# picture, not the protected clips') into exactly one NV12 frame per JPEG,
# each equal to libjpeg-turbo's decode (its .nv12.sha256). v4l2-ctl
# writes the visible picture of each frame tightly packed (it knows the
# CAPTURE compose rectangle): Y, then CbCr, width bytes per row. A missing
# node fails every test: on the secure board the decoder must be there. A
# hung tool is killed (exit 143) and fails its tests instead of the whole
# boot.
PATH=$PATH:/usr/bin
share=/usr/share/sdp-demo
clip="clear-640x360"
stream=$share/$clip.mjpeg.hdr
digests=$share/$clip.nv12.sha256
out=/tmp/tee-jpegdec.nv12
log=/tmp/v4l2-ctl.log
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

echo "# $(v4l2-ctl --version 2>&1), $(v4l2-compliance --version 2>&1 | head -n 1)"

# ---- the node ----
node=
found=0
for d in /dev/video*; do
	[ -c "$d" ] || continue
	v4l2-ctl -d "$d" --info > /tmp/info.out 2>&1 || continue
	# the first "Driver name" is QUERYCAP's (the media device's follows)
	drv=$(sed -n 's/^[[:space:]]*Driver name[[:space:]]*: //p' /tmp/info.out | head -n 1)
	[ "$drv" = tee-jpegdec ] || continue
	found=$((found + 1))
	node=$d
	card=$(sed -n 's/^[[:space:]]*Card type[[:space:]]*: //p' /tmp/info.out | head -n 1)
	bus=$(sed -n 's/^[[:space:]]*Bus info[[:space:]]*: //p' /tmp/info.out | head -n 1)
	echo "# $d: driver '$drv', card '$card', bus_info '$bus'"
done
ok=0
if [ $found = 1 ] && [ "$card" = "TEE JPEG decoder" ] &&
   [ "$bus" = platform:tee-jpegdec ]; then
	ok=1
else
	echo "# $found video nodes with driver tee-jpegdec; nodes: $(echo /dev/video*)"
	[ $found = 0 ] || sed 's/^/#   /' /tmp/info.out
	[ $found = 1 ] || node=
fi
result $ok "one video node with driver 'tee-jpegdec', card 'TEE JPEG decoder', bus_info 'platform:tee-jpegdec'"

# ---- v4l2-compliance ----
# Debian 12's v4l-utils 1.22.1 is older than this kernel, and two of its
# checks fail on every 6.12 driver: it expects NV12's pre-6.x description
# "Y/CbCr 4:2:0" (the V4L2 core now fills in "Y/UV 4:2:0"), which also
# aborts its format enumeration (three "not reported by ENUM_FMT" follow),
# and it wants VIDIOC_CREATE_BUFS's reserved[0] zero where Linux 6.8 put
# max_num_buffers. So the assertion is: exactly those failures and nothing
# else (no warning), and the upstream reference decoder vicodec fails the
# same two checks in this boot. (The private run of v4l-utils 1.28.1 noted
# in the README found no failure; streaming is covered by v4l2-ctl below
# and by vdec_test.)
known_fails() {
	cat <<-EOF
		fail: v4l2-test-buffers.cpp(703): check_0(crbufs.reserved, sizeof(crbufs.reserved))
		fail: v4l2-test-formats.cpp(263): fmtdesc.description mismatch: was 'Y/UV 4:2:0', expected 'Y/CbCr 4:2:0'
		fail: v4l2-test-formats.cpp(460): pixelformat 3231564e (NV12) for buftype 1 not reported by ENUM_FMT
		fail: v4l2-test-formats.cpp(460): pixelformat 3231564e (NV12) for buftype 1 not reported by ENUM_FMT
		fail: v4l2-test-formats.cpp(460): pixelformat 3231564e (NV12) for buftype 1 not reported by ENUM_FMT
	EOF
}
ok=0
if [ -n "$node" ]; then
	timeout 300 v4l2-compliance -d "$node" -s --stream-from-hdr "$stream" \
		> /tmp/compliance.out 2>&1
	rc=$?
	total=$(grep "^Total for tee-jpegdec device $node: " /tmp/compliance.out)
	echo "# v4l2-compliance exit $rc: $total"
	grep -o 'fail: .*' /tmp/compliance.out | sort > /tmp/fails.out
	known_fails | sort > /tmp/known.out
	if [ "$total" = "Total for tee-jpegdec device $node: 53, Succeeded: 48, Failed: 5, Warnings: 0" ] &&
	   cmp -s /tmp/fails.out /tmp/known.out &&
	   ! grep -q 'warn:' /tmp/compliance.out; then
		ok=1
	else
		grep -E 'fail:|warn:|FAIL|Total' /tmp/compliance.out | sed 's/^/#   /'
	fi
else
	echo "# no tee-jpegdec node"
fi
result $ok "v4l2-compliance 1.22.1 -s on tee-jpegdec: 0 warnings, only the 5 failures of 1.22.1's two checks that predate Linux 6.12"

# The same two checks on vicodec's stateful decoder, the upstream reference.
ok=0
vnode=
for d in /dev/video*; do
	v4l2-ctl -d "$d" --info 2>/dev/null | grep -q "Card type *: vicodec" || continue
	[ "$(cat /sys/class/video4linux/${d#/dev/}/name)" = stateful-decoder ] && vnode=$d
done
if [ -n "$vnode" ]; then
	timeout 120 v4l2-compliance -d "$vnode" > /tmp/vicodec.out 2>&1
	if grep -q "fail: v4l2-test-formats.cpp(263): fmtdesc.description mismatch: was 'Y/UV 4:2:0', expected 'Y/CbCr 4:2:0'" /tmp/vicodec.out &&
	   grep -q 'fail: v4l2-test-buffers.cpp(703): check_0(crbufs.reserved, sizeof(crbufs.reserved))' /tmp/vicodec.out; then
		ok=1
	else
		grep -E 'fail:|Total' /tmp/vicodec.out | sed 's/^/#   /'
	fi
else
	echo "# no vicodec stateful decoder node"
fi
result $ok "v4l2-compliance 1.22.1 fails the same two checks on vicodec's stateful decoder (${vnode:-not found}): the tool predates the kernel"

# ---- v4l2-ctl: decode the clear clip ----
rm -f "$out"
rc=
: > "$log"
if [ -n "$node" ]; then
	timeout 120 v4l2-ctl -d "$node" --verbose --set-fmt-video-out pixelformat=MJPG \
		--stream-out-mmap --stream-mmap --stream-from-hdr "$stream" \
		--stream-to "$out" > "$log" 2>&1
	rc=$?
fi
# Every CAPTURE buffer v4l2-ctl dequeued, errors included:
#   cap dqbuf: INDEX seq: SEQ bytesused: BYTES [...] (FLAGS)
grep '^cap dqbuf: ' "$log" > /tmp/cap.out
check_cap() {
	awk -v want="$frames" -v fsize="$fsize" -v what="$1" '
	function bad_if(cond, msg) {
		if (cond) { print "# " msg; bad = 1 }
	}
	{
		bytes = $7
		if (index($0, "last")) { nlast++; lastline = NR; lastbytes = bytes }
		if (bytes > 0)
			full++
		if (what != "frames")
			next
		# (the empty LAST buffer of a drain that found OUTPUT
		# empty carries no frame, and no sequence number:
		# v4l2_m2m_last_buffer_done() leaves it 0)
		bad_if(bytes > 0 && $5 != NR - 1,
		       "sequence " $5 ", expected " NR - 1)
		bad_if(index($0, "error"), "ERROR buffer: " $0)
		bad_if(bytes > 0 && bytes != fsize, "bytesused " bytes ", expected " fsize ": " $0)
	}
	END {
		if (what == "frames") {
			bad_if(full != want, full + 0 " decoded buffers, expected " want)
			# no buffer without payload but the LAST one of a drain
			# that found OUTPUT empty
			bad_if(NR > full && !(NR - full == 1 && nlast == 1 &&
					       lastline == NR && lastbytes == 0),
			       NR - full " CAPTURE buffers without payload")
		} else {
			bad_if(nlast != 1 || lastline != NR,
			       nlast + 0 " LAST buffers, the last one at " lastline + 0 " of " NR " CAPTURE buffers")
		}
		exit bad
	}' /tmp/cap.out
}
ok=0
if [ "$rc" = 0 ] && check_cap frames; then
	ok=1
elif [ -z "$node" ]; then
	echo "# no tee-jpegdec node"
else
	echo "# v4l2-ctl exit $rc"
	sed 's/^/#   /' "$log" | tail -n 40
fi
result $ok "v4l2-ctl decodes the clear $size clip: exit 0, $frames CAPTURE buffers of $fsize bytes, sequence numbers from 0 without gaps, none with V4L2_BUF_FLAG_ERROR"

ok=0
check_cap last && ok=1
result $ok "the drain at the end of the file (V4L2_DEC_CMD_STOP) ends with exactly one V4L2_BUF_FLAG_LAST CAPTURE buffer, the last dequeued"

got=
[ -f "$out" ] && got=$(wc -c < "$out" | tr -d ' ')
ok=0
[ "$got" = $((frames * fsize)) ] && ok=1
[ $ok = 1 ] || echo "# $out: ${got:-no file} bytes"
result $ok "v4l2-ctl wrote $frames tightly packed ${w}x${h} NV12 frames: $((frames * fsize)) bytes"

ok=0
if [ "$got" = $((frames * fsize)) ]; then
	ok=1
	i=0
	while [ $i -lt "$frames" ]; do
		sum=$(dd if="$out" bs=$fsize skip=$i count=1 2>/dev/null | sha256sum)
		want=$(sed -n "$((i + 1))s/^$i //p" "$digests")
		if [ "${sum%% *}" != "$want" ]; then
			echo "# frame $i: ${sum%% *}, expected ${want:-nothing}"
			ok=0
		fi
		i=$((i + 1))
	done
fi
result $ok "each of the $frames decoded frames equals libjpeg-turbo's NV12 decode of its JPEG ($clip.nv12.sha256), in order"
rm -f "$out"

echo "1..$n"
exit $fail
