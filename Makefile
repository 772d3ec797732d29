# SPDX-License-Identifier: GPL-2.0
#
# Secure data path for Linux media: build the kernel, the guest and the tests,
# boot them in QEMU. `make help` lists the targets.

B ?= build
V ?= 0
ifeq ($(V),1)
Q :=
else
Q := @
endif
msg = @printf '  %-8s %s\n' '$(1)' '$(2)'

PY := /usr/bin/python3
CROSS := aarch64-linux-gnu-
GUEST_CC := ccache $(CROSS)gcc
GUEST_CFLAGS := -static -O2 -Wall -Wextra -Werror -Itests/guest \
	-Iuserspace/include -Iuserspace/libsdp -isystem $(B)/headers/include
USERSPACE_HDRS := $(wildcard userspace/include/*.h)
# libsdp (userspace/libsdp/README.md), compiled into each client that uses
# it: the heap part needs the kernel's UAPI only (the static tests take it
# too), the TEE parts libteec and firmware/ta's protocol headers.
LIBSDP_HEAP_SRCS := userspace/libsdp/sdp_heap.c
LIBSDP_SRCS := $(addprefix userspace/libsdp/,sdp_heap.c sdp_tee.c sdp_video.c)
LIBSDP_DEPS := $(LIBSDP_SRCS) $(addprefix userspace/libsdp/,sdp_heap.h \
	sdp_tee.h sdp_video.h)

KSRC := $(B)/linux
KOBJ := $(B)/kobj
IMAGE := $(KOBJ)/arch/arm64/boot/Image
KFRAGMENTS := configs/kernel-virt.config
# make check boots the debug kernel (KASAN, lockdep, kmemleak, fault
# injection: configs/kernel-debug.config); make run, demo, tour and bench
# the production kernel above.
KOBJ_DEBUG := $(B)/kobj-debug
IMAGE_DEBUG := $(KOBJ_DEBUG)/arch/arm64/boot/Image
KDEBUG_FRAGMENTS := $(KFRAGMENTS) configs/kernel-debug.config
# Everything the kernel tree is made from.
KERNEL_INPUTS := $(shell find drivers include Documentation tools patches \
	-type f 2>/dev/null) scripts/prepare-kernel.sh
# patches/commits/ only describes the series of `make patches`.
KERNEL_INPUTS := $(filter-out patches/commits/%,$(KERNEL_INPUTS))

DEPS_STAMP := $(B)/.host-deps
TREE_STAMP := $(B)/.tree-prepared
HDR_STAMP := $(B)/headers/.installed

GUEST_PROGS := heap_test importer_test importer_crash_test reach_test heap-tour
TEEC_PROGS := sdp-basic tee_test sdp-demo video_ta_test vdec_test sdp_fuzz fault_test
TEST_KMODS := sdp_peek.ko sdp_reach.ko
GUEST_BINS := $(addprefix $(B)/guest/,$(GUEST_PROGS) dmabuf-heap $(TEEC_PROGS) \
	$(TEST_KMODS))
GUEST_SCRIPTS := tests/guest/dt-errors.sh tests/guest/dmabuf-heaps-selftest.sh \
	tests/guest/sdp-basic-suite.sh tests/guest/sdp-demo-suite.sh \
	tests/guest/v4l2-utils-suite.sh tests/guest/gst-suite.sh \
	tests/guest/sdp-play-suite.sh
INITRD := $(B)/initrd.cpio

# The secure video path's content (see "content" below).
CONTENT_KEY := $(B)/keys/content.key
CONTENT_KEY_ID := 1
MKCLIP := $(B)/mkclip/mkclip
CLIP_SIZES := 640x360 1280x720
CLIP_FRAMES_640x360 := 75
CLIP_FRAMES_1280x720 := 50
# Clear Motion-JPEG clips, framed for v4l2-ctl --stream-from-hdr (the
# clear path of the V4L2 decoder): another picture, never a protected clip's.
CLEAR_CLIP_SIZES := 640x360
CLIP_FILES := $(foreach c,$(CLIP_SIZES),$(addprefix $(B)/clips/clip-$(c),\
	.sdpclip .webm .nv12.sha256 .xrgb.sha256)) \
	$(foreach c,$(CLEAR_CLIP_SIZES),$(addprefix $(B)/clips/clear-$(c),\
	.mjpeg.hdr .webm .nv12.sha256))

# BOARD=secure (default): QEMU's secure world with the project's EL3 firmware
# (PSCI, OP-TEE ABI), the restricted carveout in secure RAM. BOARD=virt:
# QEMU's own PSCI, no TEE, both carveouts in normal DRAM.
BOARD ?= secure
# The secure board boots one of two firmware images: the product image
# (the TAs a product ships: make run, tour and most suites) or the test
# image, which adds OP-TEE's SDP test TA and invoke-tests PTA (they copy
# secure memory out on request) for the suites that need them.
ifeq ($(BOARD),secure)
QEMU_MACHINE := virt,secure=on,virtualization=on,gic-version=3,acpi=off
FIRMWARE := $(B)/firmware/fw.bin
FIRMWARE_TEST := $(B)/firmware-test/fw.bin
FIRMWARE_INPUTS := $(shell find firmware -type f 2>/dev/null) board/layout.h
else
QEMU_MACHINE := virt
FIRMWARE :=
FIRMWARE_TEST :=
endif
QEMU_OPTS := -M $(QEMU_MACHINE) -cpu cortex-a57 -smp 2 \
	-m $(shell printf '%dM' $$((0x$$(sed -n 's/^\#define RAM_SIZE[[:space:]]*//p' board/layout.h) >> 20)))
BOARD_DTB := $(B)/board-$(BOARD).dtb
BOOTARGS := vivid.allocators=1 vimc.allocator=1
# The kernel a boot runs: the production one, but the debug one in make
# check and make fuzz (target-specific below).
RUN_IMAGE = $(IMAGE)
RUNNER_BASE = $(PY) scripts/run-qemu.py --kernel $(RUN_IMAGE) --initrd $(INITRD) \
	--layout board/layout.h --machine $(QEMU_MACHINE) --logdir $(B)/logs \
	--dtb $(BOARD_DTB) --board $(BOARD) \
	--expected-skips tests/guest/expected-skips \
	$(if $(FIRMWARE),--firmware $(FIRMWARE) \
		--suite-firmware tee=$(FIRMWARE_TEST) \
		--suite-firmware fuzz=$(FIRMWARE_TEST))
RUNNER = $(RUNNER_BASE) --bootargs "$(BOOTARGS)"

.PHONY: all check run demo tour fuzz kernel guest dtb firmware host-tests help clean distclean deps \
	dt-binding-check checkpatch sparse
.PHONY: patches patches-check

all: $(IMAGE) $(INITRD) $(BOARD_DTB) $(FIRMWARE) $(FIRMWARE_TEST)

help:
	@echo "make run     boot the guest and play the encrypted clip through the GStreamer"
	@echo "             secure pipeline (sdp-play)"
	@echo "             CLIP=640x360|1280x720 HEAP=restricted|restricted-ui FRAMES=N"
	@echo "make demo    the same through the reference C client sdp-demo (V4L2 and DRM)"
	@echo "make tour    boot the guest and tour the restricted heap"
	@echo "make fuzz    the guest ioctl fuzzer alone: SECONDS=N (600); SEED=S OPS=N replay,"
	@echo "             TRACE=1 prints each operation as it runs"
	@echo "make check   build what is stale and run every test suite (debug kernel)"
	@echo "make bench   measure every layer, ratios to references of the same run:"
	@echo "             $(B)/bench/results.json, summary.md; BENCH_SMOKE=1 a short run"
	@echo "make kernel | firmware | guest | dtb | host-tests | dt-binding-check | checkpatch | sparse"
	@echo "make patches the kernel work as a git format-patch series in $(B)/patches"
	@echo "make patches-check   check the series (git am, checkpatch, builds of every prefix)"
	@echo "BOARD=secure (default) or BOARD=virt; FUZZ_SECONDS=30 per fuzz target"
	@echo "make clean   remove $(B)/ except downloads;  distclean: all of it"
	@echo "V=1 shows the commands"

deps: $(DEPS_STAMP)
$(DEPS_STAMP): scripts/install-deps.sh scripts/host-packages.txt
	$(Q)bash scripts/install-deps.sh
	$(Q)mkdir -p $(B) && touch $@

# ---- kernel ---------------------------------------------------------------
$(TREE_STAMP): $(KERNEL_INPUTS) | $(DEPS_STAMP)
	$(Q)bash scripts/prepare-kernel.sh $(KSRC)
	$(Q)touch $@

kernel: $(IMAGE) $(IMAGE_DEBUG)
$(IMAGE): $(TREE_STAMP) $(KFRAGMENTS) scripts/build-kernel.sh
	$(call msg,KERNEL,$@)
	$(Q)V=$(filter 1,$(V)) bash scripts/build-kernel.sh $(KSRC) $(KOBJ) $(KFRAGMENTS)
	$(Q)touch $@
$(IMAGE_DEBUG): $(TREE_STAMP) $(KDEBUG_FRAGMENTS) scripts/build-kernel.sh
	$(call msg,KERNEL,$@ (debug))
	$(Q)V=$(filter 1,$(V)) bash scripts/build-kernel.sh $(KSRC) $(KOBJ_DEBUG) \
		$(KDEBUG_FRAGMENTS)
	$(Q)touch $@

$(HDR_STAMP): $(TREE_STAMP)
	$(call msg,HDRINST,$(B)/headers)
	$(Q)$(MAKE) -s -C $(KSRC) O=$(abspath $(B)/hdr-obj) ARCH=arm64 \
		headers_install INSTALL_HDR_PATH=$(abspath $(B)/headers)
	$(Q)touch $@

# ---- guest ----------------------------------------------------------------
guest: $(INITRD)
$(B)/guest/%: tests/guest/%.c tests/guest/tap.h tests/guest/testutil.h \
		$(LIBSDP_HEAP_SRCS) userspace/libsdp/sdp_heap.h \
		$(USERSPACE_HDRS) $(wildcard tests/kmod/*.h) $(HDR_STAMP)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(GUEST_CC) $(GUEST_CFLAGS) -o $@ $< $(LIBSDP_HEAP_SRCS)

$(B)/guest/heap-tour: userspace/heap-tour/heap-tour.c $(LIBSDP_HEAP_SRCS) \
		userspace/libsdp/sdp_heap.h $(HDR_STAMP)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(GUEST_CC) $(GUEST_CFLAGS) -o $@ $< $(LIBSDP_HEAP_SRCS)

# Clients of the TEE link dynamically against Debian's libteec, unpacked with
# its headers into a build sysroot.
SYSROOT := $(B)/sysroot
SYSROOT_STAMP := $(SYSROOT)/.fetched
$(SYSROOT_STAMP): scripts/sysroot-packages.txt scripts/fetch-debs.sh | $(DEPS_STAMP)
	$(call msg,SYSROOT,$(SYSROOT))
	$(Q)bash scripts/fetch-debs.sh $(B)/debs $(SYSROOT) \
		$$(sed -e 's/#.*//' scripts/sysroot-packages.txt)
	$(Q)touch $@
TEEC_FLAGS := -I$(SYSROOT)/optee-client-dev/usr/include \
	-L$(SYSROOT)/libteec1/usr/lib/aarch64-linux-gnu -l:libteec.so.1
# DRM clients (sdp-demo, importer_test) use Debian's libdrm: the headers of
# libdrm-dev (pkg-config's two directories), the shared library of libdrm2
# (staged in the guest) or, for the static tests, libdrm-dev's libdrm.a.
DRM_CFLAGS := -isystem $(SYSROOT)/libdrm-dev/usr/include \
	-isystem $(SYSROOT)/libdrm-dev/usr/include/libdrm
DRM_LIBS := -L$(SYSROOT)/libdrm2/usr/lib/aarch64-linux-gnu -l:libdrm.so.2
DRM_STATIC_LIBS := $(SYSROOT)/libdrm-dev/usr/lib/aarch64-linux-gnu/libdrm.a

$(B)/guest/importer_test: tests/guest/importer_test.c tests/guest/tap.h \
		tests/guest/testutil.h $(LIBSDP_HEAP_SRCS) \
		userspace/libsdp/sdp_heap.h $(USERSPACE_HDRS) $(HDR_STAMP) \
		$(SYSROOT_STAMP)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(GUEST_CC) $(GUEST_CFLAGS) $(DRM_CFLAGS) -o $@ $< \
		$(LIBSDP_HEAP_SRCS) $(DRM_STATIC_LIBS)

$(B)/guest/sdp-basic: userspace/sdp-basic/sdp-basic.c $(LIBSDP_DEPS) \
		firmware/ta/sdp_ta.h firmware/ta/pta_invoke_tests.h \
		$(USERSPACE_HDRS) $(HDR_STAMP) $(SYSROOT_STAMP)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(GUEST_CC) $(filter-out -static,$(GUEST_CFLAGS)) -Ifirmware/ta -o $@ \
		$< $(LIBSDP_SRCS) $(TEEC_FLAGS)

$(B)/guest/tee_test: tests/guest/tee_test.c tests/guest/tap.h \
		tests/guest/testutil.h $(LIBSDP_DEPS) $(HDR_STAMP) $(SYSROOT_STAMP)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(GUEST_CC) $(filter-out -static,$(GUEST_CFLAGS)) -Ifirmware/ta -o $@ \
		$< $(LIBSDP_SRCS) $(TEEC_FLAGS)

# The guest ioctl fuzzer: raw ioctls, libteec only for the test PTA.
$(B)/guest/sdp_fuzz: tests/guest/sdp_fuzz.c tests/guest/tap.h \
		tests/guest/testutil.h firmware/ta/pta_invoke_tests.h firmware/ta/pta_rmem.h \
		firmware/ta/sdp_ta.h firmware/ta/sdp_video_ta.h \
		firmware/ta/jpeg_engine_ta.h $(HDR_STAMP) $(SYSROOT_STAMP)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(GUEST_CC) $(filter-out -static,$(GUEST_CFLAGS)) -Ifirmware/ta -o $@ \
		$< $(TEEC_FLAGS)

# The secure video path's clients: the TA protocol header and the clip
# parser are the firmware's own (pure C, shared, not duplicated).
VIDEO_CFLAGS := -Ifirmware/ta -Ifirmware/lib/clip
VIDEO_DEPS := firmware/ta/sdp_video_ta.h firmware/lib/clip/clip.h \
	firmware/lib/clip/clip.c $(USERSPACE_HDRS) $(HDR_STAMP) $(SYSROOT_STAMP)
$(B)/guest/sdp-demo: $(addprefix userspace/sdp-demo/,sdp-demo.c content.c tee.c \
		v4l2.c drm.c play.c sdp-demo.h) userspace/libsdp/sdp_webm.c \
		userspace/libsdp/sdp_webm.h $(LIBSDP_DEPS) $(VIDEO_DEPS)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(GUEST_CC) $(filter-out -static,$(GUEST_CFLAGS)) $(VIDEO_CFLAGS) \
		$(DRM_CFLAGS) -o $@ \
		$(filter userspace/sdp-demo/%.c userspace/libsdp/%.c,$^) \
		firmware/lib/clip/clip.c $(TEEC_FLAGS) $(DRM_LIBS)

$(B)/guest/video_ta_test: tests/guest/video_ta_test.c tests/guest/tap.h \
		tests/guest/testutil.h tests/guest/clipdata.h $(LIBSDP_DEPS) \
		$(VIDEO_DEPS)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(GUEST_CC) $(filter-out -static,$(GUEST_CFLAGS)) $(VIDEO_CFLAGS) \
		-o $@ $< firmware/lib/clip/clip.c $(LIBSDP_SRCS) $(TEEC_FLAGS)

# The V4L2 decoder's test hashes clear frames with the firmware's SHA-256.
VDEC_SHA := firmware/lib/crypto/sha256.c firmware/lib/crypto/secure_wipe.c
$(B)/guest/vdec_test: tests/guest/vdec_test.c tests/guest/vdec.h \
		tests/guest/tap.h tests/guest/testutil.h tests/guest/clipdata.h \
		$(VDEC_SHA) firmware/lib/crypto/sha256.h $(LIBSDP_DEPS) \
		$(VIDEO_DEPS)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(GUEST_CC) $(filter-out -static,$(GUEST_CFLAGS)) $(VIDEO_CFLAGS) \
		-Ifirmware/lib/crypto -pthread -o $@ $< firmware/lib/clip/clip.c \
		$(VDEC_SHA) $(LIBSDP_SRCS) $(TEEC_FLAGS)

# The project's GStreamer plugin (userspace/gst-sdp), a shared object for
# Debian's GStreamer 1.22: compiled against the GStreamer and GLib headers of
# the -dev packages in the sysroot and linked with the runtime packages'
# libraries there (explicit flags: each package is unpacked on its own, the
# -dev packages' .so links point into others, and their .pc files require
# more -dev packages). Staged as /usr/lib/sdp/gstreamer-1.0/libgstsdp.so.
SYSROOT_LIBDIR := usr/lib/aarch64-linux-gnu
GST_CFLAGS := $(addprefix -isystem $(SYSROOT)/,\
	libgstreamer1.0-dev/usr/include/gstreamer-1.0 \
	libgstreamer-plugins-base1.0-dev/usr/include/gstreamer-1.0 \
	libglib2.0-dev/usr/include/glib-2.0 \
	libglib2.0-dev/$(SYSROOT_LIBDIR)/glib-2.0/include)
GST_LIBS := $(foreach p,libgstreamer1.0-0 libgstreamer-plugins-base1.0-0 \
		libglib2.0-0,-L$(SYSROOT)/$(p)/$(SYSROOT_LIBDIR)) \
	$(addprefix -l:,libgstallocators-1.0.so.0 libgstvideo-1.0.so.0 \
		libgstbase-1.0.so.0 libgstreamer-1.0.so.0 libgobject-2.0.so.0 \
		libglib-2.0.so.0)
GST_SDP_SRCS := $(wildcard userspace/gst-sdp/*.c)
GUEST_BINS += $(B)/guest/libgstsdp.so
$(B)/guest/libgstsdp.so: $(GST_SDP_SRCS) $(wildcard userspace/gst-sdp/*.h) \
		$(LIBSDP_DEPS) userspace/libsdp/sdp_webm.c \
		userspace/libsdp/sdp_webm.h firmware/ta/sdp_video_ta.h \
		$(USERSPACE_HDRS) $(HDR_STAMP) $(SYSROOT_STAMP)
	$(call msg,CCLD,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(GUEST_CC) $(filter-out -static,$(GUEST_CFLAGS)) -shared -fPIC \
		-Ifirmware/ta $(GST_CFLAGS) -Wl,-z,defs -o $@ $(GST_SDP_SRCS) \
		$(LIBSDP_SRCS) userspace/libsdp/sdp_webm.c $(TEEC_FLAGS) \
		$(GST_LIBS)

# make run's player: the secure video path as a GStreamer pipeline. Linked
# with GStreamer's core and GLib only; their own dependencies (libunwind,
# libdw, ...) are not in the sysroot, so they are left to the guest's loader.
SDP_PLAY_SRCS := $(addprefix userspace/sdp-play/,sdp-play.c report.c v4l2.c)
GUEST_BINS += $(B)/guest/sdp-play
$(B)/guest/sdp-play: $(SDP_PLAY_SRCS) userspace/sdp-play/sdp-play.h \
		$(LIBSDP_HEAP_SRCS) userspace/libsdp/sdp_heap.h $(HDR_STAMP) \
		$(SYSROOT_STAMP)
	$(call msg,CCLD,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(GUEST_CC) $(filter-out -static,$(GUEST_CFLAGS)) $(GST_CFLAGS) \
		-Wl,--allow-shlib-undefined -o $@ $(SDP_PLAY_SRCS) $(LIBSDP_HEAP_SRCS) \
		$(filter-out -l:libgstallocators% -l:libgstvideo% -l:libgstbase%,\
		$(GST_LIBS))

# Test-only modules (never part of the kernel): built as external modules
# in a copy of tests/kmod so that the source tree stays clean, for the
# debug kernel that the suites using them boot.
$(B)/kmod/.built: $(wildcard tests/kmod/*) $(IMAGE_DEBUG)
	$(call msg,KMOD,$(TEST_KMODS))
	$(Q)rm -rf $(B)/kmod && mkdir -p $(B)/kmod && cp tests/kmod/* $(B)/kmod/
	$(Q)$(MAKE) -s -C $(KSRC) O=$(abspath $(KOBJ_DEBUG)) M=$(abspath $(B)/kmod) \
		ARCH=arm64 CROSS_COMPILE=$(CROSS) CC="ccache $(CROSS)gcc" modules
	$(Q)touch $@
$(addprefix $(B)/guest/,$(TEST_KMODS)): $(B)/guest/%.ko: $(B)/kmod/.built
	$(Q)mkdir -p $(@D)
	$(Q)cp $(B)/kmod/$*.ko $@

# The kernel's own dmabuf-heaps selftest, built from the unpacked tree.
$(B)/guest/dmabuf-heap: $(HDR_STAMP)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(GUEST_CC) -static -O2 -isystem $(B)/headers/include \
		-I$(KSRC)/tools/testing/selftests -o $@ \
		$(KSRC)/tools/testing/selftests/dmabuf-heaps/dmabuf-heap.c

# make bench's carveout packing (issue 12): the heap's allocator, genalloc's
# others simulated, and a bound, on one seeded workload until the first ENOMEM.
GUEST_BINS += $(B)/guest/heap_pack
$(B)/guest/heap_pack: tests/bench/heap_pack.c tests/guest/tap.h $(HDR_STAMP)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(GUEST_CC) $(GUEST_CFLAGS) -o $@ $<

$(INITRD): $(GUEST_BINS) $(GUEST_SCRIPTS) $(CLIP_FILES) tests/guest/init \
		scripts/stage-guest.sh scripts/guest-packages.txt
	$(call msg,CPIO,$@)
	$(Q)bash scripts/stage-guest.sh $(B) $(KSRC) $@ $(GUEST_BINS) $(GUEST_SCRIPTS) \
		$(CLIP_FILES)

# ---- content: the encrypted clips ------------------------------------------
# The content key is made here, once per build directory, and only the
# firmware build and mkclip ever read it: it is in neither the guest, nor
# the kernel, nor the repository. The guest gets the encrypted clips (the
# .sdpclip container and the same frames, same IVs and ciphertext, as
# WebM-encrypted .webm) and the expected digests of their decoded frames
# (NV12 and XRGB8888), and, for the V4L2 decoder's ordinary path, clear
# Motion-JPEG clips of CLEAR_CLIP_SIZES (framed for v4l2-ctl, and as clear
# WebM) with their NV12 digests: another picture (--seed 2), made without
# the key, so no protected frame is ever in the normal world in the clear.

$(CONTENT_KEY): | $(DEPS_STAMP)
	$(call msg,KEYGEN,$@)
	$(Q)mkdir -p $(@D) && chmod 700 $(@D)
	$(Q)umask 077 && head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n' > $@.tmp
	$(Q)mv $@.tmp $@

$(MKCLIP): $(wildcard tools/mkclip/*) $(wildcard firmware/lib/crypto/*) \
		firmware/lib/clip/clip.h userspace/libsdp/matroska_ids.h | \
		$(DEPS_STAMP)
	$(call msg,HOSTCC,$@)
	$(Q)$(MAKE) -s -C tools/mkclip O=$(abspath $(@D))

# One mkclip run writes the clip, its WebM and both digest lists.
$(B)/clips/clip-%.sdpclip: $(MKCLIP) $(CONTENT_KEY)
	$(call msg,MKCLIP,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(MKCLIP) -W $(word 1,$(subst x, ,$*)) -H $(word 2,$(subst x, ,$*)) \
		-n $(CLIP_FRAMES_$*) --fps 25/1 --seed 1 --key-file $(CONTENT_KEY) \
		--key-id $(CONTENT_KEY_ID) -o $@.tmp -d $(@:.sdpclip=.nv12.sha256) \
		-r $(@:.sdpclip=.xrgb.sha256) -w $(@:.sdpclip=.webm)
	$(Q)mv $@.tmp $@
$(B)/clips/clip-%.webm $(B)/clips/clip-%.nv12.sha256 \
		$(B)/clips/clip-%.xrgb.sha256: $(B)/clips/clip-%.sdpclip
	@test -s $@

# A clear clip: mkclip without a key (no encrypted clip), seed 2.
$(B)/clips/clear-%.mjpeg.hdr: $(MKCLIP)
	$(call msg,MKCLIP,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(MKCLIP) -W $(word 1,$(subst x, ,$*)) -H $(word 2,$(subst x, ,$*)) \
		-n $(CLIP_FRAMES_$*) --fps 25/1 --seed 2 -m $@.tmp \
		-w $(@:.mjpeg.hdr=.webm) -d $(@:.mjpeg.hdr=.nv12.sha256)
	$(Q)mv $@.tmp $@
$(B)/clips/clear-%.webm $(B)/clips/clear-%.nv12.sha256: \
		$(B)/clips/clear-%.mjpeg.hdr
	@test -s $@

# ---- devicetree -----------------------------------------------------------
# QEMU's own DT for the exact machine options, decompiled, with the board's
# fragments appended (source-level merge keeps node order); the runner
# appends /chosen (bootargs, initrd range) per boot.
dtb: $(BOARD_DTB) $(B)/dt-errors.dtsi $(B)/dma-reach.dtsi
$(B)/qemu-$(BOARD).dtb: board/layout.h Makefile | $(DEPS_STAMP)
	$(call msg,DUMPDTB,$@)
	$(Q)mkdir -p $(@D)
	$(Q)qemu-system-aarch64 $(subst -M $(QEMU_MACHINE),-M $(QEMU_MACHINE)$(,)dumpdtb=$@,$(QEMU_OPTS)) \
		-display none -nic none 2>&1 | { grep -v "dtb dumped" || true; }

$(B)/%.dtsi: board/%.dtsi board/layout.h | $(DEPS_STAMP)
	$(call msg,CPP,$@)
	$(Q)mkdir -p $(@D)
	$(Q)cpp -nostdinc -undef -D__DTS__ -x assembler-with-cpp -P -Iboard $< > $@

$(BOARD_DTB): $(B)/qemu-$(BOARD).dtb $(B)/$(BOARD).dtsi
	$(call msg,DTC,$@)
	$(Q){ dtc -q -I dtb -O dts $<; cat $(B)/$(BOARD).dtsi; } | \
		dtc -q -I dts -O dtb -o $@ -

# ---- firmware -------------------------------------------------------------
firmware: $(FIRMWARE) $(FIRMWARE_TEST)
ifneq ($(FIRMWARE),)
$(FIRMWARE): FW_IMAGE := product
$(FIRMWARE_TEST): FW_IMAGE := test
$(FIRMWARE) $(FIRMWARE_TEST): $(FIRMWARE_INPUTS) $(CONTENT_KEY) | $(DEPS_STAMP)
	$(call msg,FW,$@ ($(FW_IMAGE)))
	$(Q)$(MAKE) -s -C firmware O=$(abspath $(@D)) V=$(V) \
		FW_IMAGE=$(FW_IMAGE) CONTENT_KEY_FILE=$(abspath $(CONTENT_KEY)) \
		CONTENT_KEY_ID=$(CONTENT_KEY_ID)
endif

# ---- static checks --------------------------------------------------------
# Patches go through stdin: checkpatch treats a path that git tracks as a
# source file, not as a patch.
dt-binding-check: $(B)/.dt-binding-checked
$(B)/.dt-binding-checked: $(TREE_STAMP) scripts/dt-binding-check.sh \
		scripts/fetch-dtschema.sh
	$(Q)bash scripts/dt-binding-check.sh $(KSRC) $(B)
	$(Q)touch $@

CHECKPATCH_FILES := $(shell find drivers include -name '*.[ch]' 2>/dev/null)
CHECKPATCH_PATCHES := $(addprefix patches/,$(shell cat patches/series))
checkpatch: $(B)/.checkpatch-clean
$(B)/.checkpatch-clean: $(CHECKPATCH_FILES) $(CHECKPATCH_PATCHES) $(TREE_STAMP)
	$(call msg,CHKPATCH,$(words $(CHECKPATCH_FILES) $(CHECKPATCH_PATCHES)) files)
	$(Q)for f in $(CHECKPATCH_FILES); do \
		perl $(KSRC)/scripts/checkpatch.pl --no-tree --strict --quiet \
			--show-types -f $$f || exit 1; \
	done
	$(Q)for p in $(CHECKPATCH_PATCHES); do \
		perl $(KSRC)/scripts/checkpatch.pl --no-tree --strict --quiet \
			--no-signoff \
			--show-types - < $$p || { echo "checkpatch: $$p"; exit 1; }; \
	done
	$(Q)touch $@

# sparse (C=2) on every kernel source file of the project; any report that
# names one of them fails. (Upstream files it also reaches are not ours.)
SPARSE_SRCS := $(shell find drivers -name '*.c' 2>/dev/null)
sparse: $(B)/.sparse-clean
$(B)/.sparse-clean: $(SPARSE_SRCS) $(IMAGE_DEBUG) | $(DEPS_STAMP)
	$(call msg,SPARSE,$(words $(SPARSE_SRCS)) files)
	$(Q)$(MAKE) -s -C $(KSRC) O=$(abspath $(KOBJ_DEBUG)) ARCH=arm64 \
		CROSS_COMPILE=$(CROSS) CC="ccache $(CROSS)gcc" C=2 \
		$(SPARSE_SRCS:.c=.o) > $(B)/sparse.log 2>&1 || \
		{ cat $(B)/sparse.log; exit 1; }
	$(Q)! grep -F $(addprefix -e ,$(SPARSE_SRCS)) $(B)/sparse.log
	$(Q)touch $@

# ---- the kernel work as a patch series --------------------------------------
# make patches: a `git format-patch` series with a cover letter in
# $(B)/patches, against the Debian linux-source-6.12 the build uses, made
# from the kernel files and patches/ (patches/commits/: one file per commit,
# with its message and the files and quilt hunks it is made of).
# make patches-check: the series applies with git am, each patch is
# checkpatch --strict and kernel-doc clean, every prefix builds (Image and
# modules with the debug kernel's configuration, incrementally in
# $(B)/patches-work/kobj) and the series' tree is the one make kernel
# builds. make check runs the same checks; the prefixes are built at
# $(KSRC)'s path (a private mount namespace), where ccache has the debug
# kernel's objects; without a mount namespace a cold run
# skips them: PATCH_BUILDS=auto (scripts/check-patches.sh).
PATCHES_DIR := $(B)/patches
PATCHES_WORK := $(B)/patches-work
PATCHES_INPUTS := $(shell find drivers include Documentation patches -type f \
	2>/dev/null) scripts/make-patches.sh
PATCH_BUILDS ?= auto
patches: $(B)/.patches-made
$(B)/.patches-made: $(PATCHES_INPUTS) \
		$(wildcard /usr/src/linux-source-6.12.tar.xz) | $(DEPS_STAMP)
	$(Q)bash scripts/make-patches.sh $(PATCHES_DIR) $(PATCHES_WORK)
	$(Q)touch $@

PATCHES_CHECK = $(Q)PATCH_BUILDS=$(1) bash scripts/check-patches.sh \
	$(PATCHES_DIR) $(PATCHES_WORK) $(KSRC)
patches-check: $(B)/.patches-made $(TREE_STAMP) $(IMAGE_DEBUG)
	$(call PATCHES_CHECK,$(if $(filter auto,$(PATCH_BUILDS)),full,$(PATCH_BUILDS)))
	$(Q)touch $(B)/.patches-checked
$(B)/.patches-checked: $(B)/.patches-made scripts/check-patches.sh \
		$(KDEBUG_FRAGMENTS) $(TREE_STAMP) $(IMAGE_DEBUG)
	$(call PATCHES_CHECK,$(PATCH_BUILDS))
	$(Q)touch $@
check: $(B)/.patches-checked

# ---- host tests -----------------------------------------------------------
# Pure firmware logic built for the host: unit tests and a bounded fuzz run.
# Results are TAP files the runner counts with the guest's; they are redone
# only when their sources change.
FUZZ_SECONDS ?= 30
HOST_TEST_INPUTS := $(shell find firmware tests/host tests/host-crypto \
	tests/host-jpeg tests/host-clip tests/include tools userspace/libsdp \
	-type f 2>/dev/null) \
	board/layout.h scripts/tap-wrap.sh
HOST_TAPS := $(addprefix $(B)/tap/,fw-lib.tap host-unit.tap host-crypto.tap \
	host-jpeg.tap host-clip.tap fuzz-msg.tap fuzz-jpeg.tap fuzz-clip.tap)

$(B)/tap/fw-lib.tap: $(HOST_TEST_INPUTS) | $(DEPS_STAMP)
	$(call msg,TEST,$@)
	$(Q)mkdir -p $(@D)
	$(Q)bash scripts/tap-wrap.sh $@ fw-lib --single "firmware lib/ host tests" -- \
		$(MAKE) -s -C firmware O=$(abspath $(B)/firmware-host) test

$(B)/tap/host-unit.tap: $(HOST_TEST_INPUTS) | $(DEPS_STAMP)
	$(call msg,TEST,$@)
	$(Q)mkdir -p $(@D)
	$(Q)bash scripts/tap-wrap.sh $@ host-unit -- \
		$(MAKE) -s -C tests/host O=$(abspath $(B)/host) test

$(B)/tap/host-crypto.tap: $(HOST_TEST_INPUTS) | $(DEPS_STAMP)
	$(call msg,TEST,$@)
	$(Q)mkdir -p $(@D)
	$(Q)bash scripts/tap-wrap.sh $@ host-crypto -- \
		$(MAKE) -s -C tests/host-crypto O=$(abspath $(B)/host-crypto) test

$(B)/tap/host-jpeg.tap: $(HOST_TEST_INPUTS) | $(DEPS_STAMP)
	$(call msg,TEST,$@)
	$(Q)mkdir -p $(@D)
	$(Q)bash scripts/tap-wrap.sh $@ host-jpeg -- \
		$(MAKE) -s -C tests/host-jpeg O=$(abspath $(B)/host-jpeg) test

$(B)/tap/host-clip.tap: $(HOST_TEST_INPUTS) | $(DEPS_STAMP)
	$(call msg,TEST,$@)
	$(Q)mkdir -p $(@D)
	$(Q)bash scripts/tap-wrap.sh $@ host-clip -- \
		$(MAKE) -s -C tests/host-clip O=$(abspath $(B)/host-clip) test

$(B)/tap/fuzz-jpeg.tap: $(HOST_TEST_INPUTS) | $(DEPS_STAMP)
	$(call msg,FUZZ,$@ ($(FUZZ_SECONDS) s))
	$(Q)mkdir -p $(@D)
	$(Q)bash scripts/tap-wrap.sh $@ fuzz-jpeg \
		--single "libFuzzer on the JPEG decoder, $(FUZZ_SECONDS) s, no crash" -- \
		$(MAKE) -s -C tests/host-jpeg O=$(abspath $(B)/host-jpeg) fuzz FUZZ_SECONDS=$(FUZZ_SECONDS)

$(B)/tap/fuzz-clip.tap: $(HOST_TEST_INPUTS) | $(DEPS_STAMP)
	$(call msg,FUZZ,$@ ($(FUZZ_SECONDS) s))
	$(Q)mkdir -p $(@D)
	$(Q)bash scripts/tap-wrap.sh $@ fuzz-clip \
		--single "libFuzzer on the container parsers (.sdpclip, WebM), $(FUZZ_SECONDS) s, no crash" -- \
		$(MAKE) -s -C tests/host-clip O=$(abspath $(B)/host-clip) fuzz FUZZ_SECONDS=$(FUZZ_SECONDS)

$(B)/tap/fuzz-msg.tap: $(HOST_TEST_INPUTS) | $(DEPS_STAMP)
	$(call msg,FUZZ,$@ ($(FUZZ_SECONDS) s))
	$(Q)mkdir -p $(@D)
	$(Q)bash scripts/tap-wrap.sh $@ fuzz-msg \
		--single "libFuzzer on the OP-TEE message boundary, $(FUZZ_SECONDS) s, no crash" -- \
		$(MAKE) -s -C tests/host O=$(abspath $(B)/host) fuzz FUZZ_SECONDS=$(FUZZ_SECONDS)

host-tests: $(HOST_TAPS)

# ---- run and test ---------------------------------------------------------
# make run: the secure video path as a GStreamer pipeline (sdp-play: the
# clip's WebM through sdpdecrypt, v4l2jpegdec and sdpverify into a sink);
# make demo: the same clip through the reference C client sdp-demo (its
# V4L2 and DRM importers). CLIP=640x360 (default) or 1280x720;
# HEAP=restricted (the carveout in secure RAM) or restricted-ui (in DRAM,
# the default for 1280x720, whose buffers need more than 12 MiB); FRAMES=N.
CLIP ?= 640x360
HEAP ?= $(if $(filter 1280x720,$(CLIP)),restricted-ui,restricted)
FRAMES ?= 0
DEMO_BOOTARGS := sdp.clip=clip-$(CLIP) sdp.heap=$(HEAP) sdp.frames=$(FRAMES)
# the boot suite of each (tests/guest/init)
run: PLAY := play
demo: PLAY := sdp-demo
run demo: $(IMAGE) $(INITRD) $(BOARD_DTB) $(FIRMWARE)
ifneq ($(BOARD),secure)
	$(error make $@ plays the secure video path: it needs BOARD=secure)
endif
	@test -f $(B)/clips/clip-$(CLIP).webm || \
		{ echo "make $@: no clip '$(CLIP)'; CLIP is one of: $(CLIP_SIZES)"; exit 2; }
	$(Q)$(RUNNER_BASE) --bootargs "$(BOOTARGS) $(DEMO_BOOTARGS)" \
		--show-console --quiet-tap --timeout 600 $(PLAY)

# make tour: the restricted heap on its own (no TEE needed).
tour: $(IMAGE) $(INITRD) $(BOARD_DTB) $(FIRMWARE)
	$(Q)$(RUNNER) --show-console --quiet-tap --timeout 300 tour

# One boot per suite; the DT fragments after ':' are appended for that boot.
SUITES := check dt-errors:$(B)/dt-errors.dtsi dma-reach:$(B)/dma-reach.dtsi
# fuzz: the guest ioctl fuzzer for 60 s (tests/guest/sdp_fuzz.c), a new
# seed each run, which a failure prints.
# bench-smoke: make bench's guest programs with few repetitions, so that
# they cannot rot (on the debug kernel: the figures mean nothing here).
ifeq ($(BOARD),secure)
SUITES += tee demo vdec gst fuzz bench-smoke
endif

check fuzz: RUN_IMAGE = $(IMAGE_DEBUG)
check: $(IMAGE_DEBUG) $(INITRD) $(BOARD_DTB) $(FIRMWARE) $(FIRMWARE_TEST) \
		$(B)/dt-errors.dtsi \
		$(B)/dma-reach.dtsi checkpatch sparse dt-binding-check $(HOST_TAPS)
	$(Q)$(RUNNER) $(BENCH_RUNNER_OPTS) --timeout 1200 \
		$(addprefix --tap ,$(HOST_TAPS)) $(SUITES)

# make fuzz: the guest ioctl fuzzer (tests/guest/sdp_fuzz.c, the suite
# "fuzz", 60 s of it in make check) for SECONDS=N (default 600);
# SEED=S OPS=N replay the run a failure names; TRACE=1 prints each
# operation as it runs (a replay that kills the kernel). FUZZ_SECONDS is the host
# libFuzzer runs'.
FUZZ_GUEST_SECONDS = $(or $(SECONDS),600)
FUZZ_BOOTARGS = sdp.fuzz_seconds=$(FUZZ_GUEST_SECONDS) \
	$(if $(SEED),sdp.fuzz_seed=$(SEED)) $(if $(OPS),sdp.fuzz_ops=$(OPS)) \
	$(if $(TRACE),sdp.fuzz_trace=$(TRACE))
fuzz: $(IMAGE_DEBUG) $(INITRD) $(BOARD_DTB) $(FIRMWARE) $(FIRMWARE_TEST)
ifneq ($(BOARD),secure)
	$(error make $@ needs the secure world: BOARD=secure)
endif
	$(Q)$(RUNNER_BASE) --bootargs "$(BOOTARGS) $(FUZZ_BOOTARGS)" \
		--timeout $$(( $(FUZZ_GUEST_SECONDS) + 600 )) fuzz

clean:
	rm -rf $(filter-out $(B)/debs,$(wildcard $(B)/*)) $(B)/.[!.]*

distclean:
	rm -rf $(B)

, := ,

# ---- make bench (issue 12) --------------------------------------------------
# Boots the production kernel on the test firmware (the SDP test TA), the
# guest suite "bench" (tests/bench/: sdp_bench, the heap, TEE and latency
# figures; bench-video.sh, the secure video path through sdp-demo and
# sdp-play), then scripts/bench-collect.py gathers every "# bench-json:"
# line of its TAP, and the host benchmarks' JSON, into
# $(B)/bench/results.json and $(B)/bench/summary.md, and prints the table.
# Every figure is a ratio to a reference measured in the same run; nothing
# is asserted. BENCH_SMOKE=1: few repetitions, small sizes, into
# $(B)/bench/smoke (the suite "bench-smoke", which make check can boot:
# add it to SUITES with $(BENCH_RUNNER_OPTS) on the runner's command line).
BENCH_SUITE := $(if $(BENCH_SMOKE),bench-smoke,bench)
BENCH_DIR := $(B)/bench$(if $(BENCH_SMOKE),/smoke)
BENCH_RUNNER_OPTS = $(if $(FIRMWARE_TEST),--suite-firmware \
	bench=$(FIRMWARE_TEST) --suite-firmware bench-smoke=$(FIRMWARE_TEST))
# Host benchmarks whose JSON is merged: tests/bench-jpeg (item 5), when
# present; others add their target here and their file to BENCH_HOST_JSON.
BENCH_JPEG := $(wildcard tests/bench-jpeg/Makefile)
BENCH_HOST_JSON := $(if $(BENCH_JPEG),$(BENCH_DIR)/host-jpeg.json)

GUEST_BINS += $(B)/guest/sdp_bench
GUEST_SCRIPTS += tests/bench/bench-video.sh
# (the rule of $(INITRD) was read before these lines: its prerequisites)
$(INITRD): $(B)/guest/sdp_bench tests/bench/bench-video.sh

$(B)/guest/sdp_bench: tests/bench/sdp_bench.c tests/guest/tap.h \
		firmware/ta/sdp_ta.h $(LIBSDP_DEPS) $(HDR_STAMP) $(SYSROOT_STAMP)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(GUEST_CC) $(filter-out -static,$(GUEST_CFLAGS)) -Ifirmware/ta \
		-pthread -o $@ $< $(LIBSDP_SRCS) $(TEEC_FLAGS)

.PHONY: bench
bench: $(IMAGE) $(INITRD) $(BOARD_DTB) $(FIRMWARE) $(FIRMWARE_TEST)
ifneq ($(BOARD),secure)
	$(error make $@ needs the secure world: BOARD=secure)
endif
	$(Q)mkdir -p $(BENCH_DIR)
ifneq ($(BENCH_JPEG),)
	$(Q)$(MAKE) -s -C tests/bench-jpeg O=$(abspath $(B)/bench-jpeg) bench \
		JSON=$(abspath $(BENCH_DIR)/host-jpeg.json) \
		$(if $(BENCH_SMOKE),REPS=3)
endif
	$(Q)rc=0; $(RUNNER_BASE) $(BENCH_RUNNER_OPTS) --bootargs "$(BOOTARGS)" \
		--quiet-tap --timeout 1800 $(BENCH_SUITE) || rc=$$?; \
	$(PY) scripts/bench-collect.py --tap $(B)/logs/$(BENCH_SUITE).tap \
		--secure-log $(B)/logs/$(BENCH_SUITE).secure \
		$(addprefix --merge ,$(BENCH_HOST_JSON)) \
		$(if $(BENCH_SMOKE),--smoke) --out $(BENCH_DIR) && exit $$rc

# Fault injection (issue 11): allocation failures through the heaps, PRIME
# import, REGISTER_FD, TEE sessions and shared memory, and the decoder's
# buffer setup, with the debug kernel's fail-nth; raw ioctls, static.
$(B)/guest/fault_test: tests/guest/fault_test.c tests/guest/tap.h \
		tests/guest/testutil.h firmware/ta/pta_invoke_tests.h \
		$(LIBSDP_HEAP_SRCS) userspace/libsdp/sdp_heap.h $(HDR_STAMP)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(GUEST_CC) $(GUEST_CFLAGS) -Ifirmware/ta -o $@ $< $(LIBSDP_HEAP_SRCS)
