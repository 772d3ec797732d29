/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal atomic KMS pipeline for the project's DRM clients (sdp-demo,
 * the importer tests): the first connected connector with a mode, a CRTC
 * its encoder can drive, that CRTC's primary plane, and the property ids a
 * full modeset commit needs. Raw UAPI ioctls, no libdrm.
 */
#ifndef SDP_KMS_PIPE_H
#define SDP_KMS_PIPE_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include <drm/drm.h>
#include <drm/drm_fourcc.h>
#include <drm/drm_mode.h>

#define KMS_MAX_OBJS		64
#define KMS_PLANE_TYPE_PRIMARY	1	/* enum drm_plane_type, not in UAPI */

struct kms_pipe {
	int fd;
	uint32_t conn, crtc, plane;
	struct drm_mode_modeinfo mode;	/* the connector's first mode */
	uint32_t p_active, p_mode_id, p_conn_crtc, p_fb, p_crtc;
	uint32_t p_src[4], p_dst[4];	/* X, Y, W, H */
	char err[128];			/* why kms_pipe_find() failed */
};

/* ioctl() retried on EINTR; 0 or -errno. */
static inline int kms_ioctl(int fd, unsigned long req, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, req, arg);
	} while (ret == -1 && errno == EINTR);
	return ret == -1 ? -errno : 0;
}

/* Property @name of object @obj: 0 and its id (and value), or -ENOENT. */
static inline int kms_prop(int fd, uint32_t obj, uint32_t type,
			   const char *name, uint32_t *id, uint64_t *val)
{
	uint32_t ids[KMS_MAX_OBJS];
	uint64_t vals[KMS_MAX_OBJS];
	struct drm_mode_obj_get_properties op = {
		.props_ptr = (uintptr_t)ids, .prop_values_ptr = (uintptr_t)vals,
		.count_props = KMS_MAX_OBJS, .obj_id = obj, .obj_type = type,
	};
	int ret = kms_ioctl(fd, DRM_IOCTL_MODE_OBJ_GETPROPERTIES, &op);

	if (ret)
		return ret;
	for (uint32_t i = 0; i < op.count_props && i < KMS_MAX_OBJS; i++) {
		struct drm_mode_get_property gp = { .prop_id = ids[i] };

		if (kms_ioctl(fd, DRM_IOCTL_MODE_GETPROPERTY, &gp) ||
		    strcmp(gp.name, name))
			continue;
		*id = ids[i];
		if (val)
			*val = vals[i];
		return 0;
	}
	return -ENOENT;
}

/* Connector, mode and CRTC: the first connected connector that has them. */
static inline int kms_pipe_find_output(struct kms_pipe *p, int *crtc_idx)
{
	uint32_t crtcs[KMS_MAX_OBJS], conns[KMS_MAX_OBJS];
	struct drm_mode_card_res res = {
		.crtc_id_ptr = (uintptr_t)crtcs, .count_crtcs = KMS_MAX_OBJS,
		.connector_id_ptr = (uintptr_t)conns,
		.count_connectors = KMS_MAX_OBJS,
	};
	int ret = kms_ioctl(p->fd, DRM_IOCTL_MODE_GETRESOURCES, &res);

	if (ret) {
		snprintf(p->err, sizeof(p->err), "DRM_IOCTL_MODE_GETRESOURCES: %s",
			 strerror(-ret));
		return ret;
	}
	for (uint32_t i = 0; i < res.count_connectors && i < KMS_MAX_OBJS; i++) {
		struct drm_mode_get_connector c = { .connector_id = conns[i] };
		struct drm_mode_get_encoder enc = { 0 };
		struct drm_mode_modeinfo *modes;
		uint32_t encs[KMS_MAX_OBJS];

		if (kms_ioctl(p->fd, DRM_IOCTL_MODE_GETCONNECTOR, &c) ||
		    c.connection != 1 || !c.count_modes)
			continue;
		modes = calloc(c.count_modes, sizeof(*modes));
		if (!modes)
			return -ENOMEM;
		c.modes_ptr = (uintptr_t)modes;
		c.encoders_ptr = (uintptr_t)encs;
		if (c.count_encoders > KMS_MAX_OBJS)
			c.count_encoders = KMS_MAX_OBJS;
		c.count_props = 0;
		if (!kms_ioctl(p->fd, DRM_IOCTL_MODE_GETCONNECTOR, &c) &&
		    c.count_modes) {
			p->mode = modes[0];
			enc.encoder_id = c.encoder_id ? c.encoder_id :
				(c.count_encoders ? encs[0] : 0);
		}
		free(modes);
		if (!enc.encoder_id ||
		    kms_ioctl(p->fd, DRM_IOCTL_MODE_GETENCODER, &enc))
			continue;
		for (uint32_t j = 0; j < res.count_crtcs && j < KMS_MAX_OBJS; j++) {
			if (enc.possible_crtcs & (1u << j)) {
				*crtc_idx = (int)j;
				p->crtc = crtcs[j];
				p->conn = conns[i];
				return 0;
			}
		}
	}
	snprintf(p->err, sizeof(p->err),
		 "no connected connector with a mode and a CRTC");
	return -ENODEV;
}

/*
 * Find the pipeline on p->fd (set by the caller) and enable atomic
 * modesetting for it. 0, or -errno with p->err saying what is missing.
 */
static inline int kms_pipe_find(struct kms_pipe *p)
{
	static const char *const src[4] = { "SRC_X", "SRC_Y", "SRC_W", "SRC_H" };
	static const char *const dst[4] = { "CRTC_X", "CRTC_Y", "CRTC_W", "CRTC_H" };
	struct drm_set_client_cap cap = { DRM_CLIENT_CAP_UNIVERSAL_PLANES, 1 };
	uint32_t planes[KMS_MAX_OBJS];
	struct drm_mode_get_plane_res pr = {
		.plane_id_ptr = (uintptr_t)planes, .count_planes = KMS_MAX_OBJS,
	};
	const struct { uint32_t obj, type; const char *name; uint32_t *id; } props[] = {
		{ 0, DRM_MODE_OBJECT_CRTC, "ACTIVE", &p->p_active },
		{ 0, DRM_MODE_OBJECT_CRTC, "MODE_ID", &p->p_mode_id },
		{ 1, DRM_MODE_OBJECT_CONNECTOR, "CRTC_ID", &p->p_conn_crtc },
		{ 2, DRM_MODE_OBJECT_PLANE, "FB_ID", &p->p_fb },
		{ 2, DRM_MODE_OBJECT_PLANE, "CRTC_ID", &p->p_crtc },
	};
	int crtc_idx = -1, ret;

	p->plane = 0;
	ret = kms_ioctl(p->fd, DRM_IOCTL_SET_CLIENT_CAP, &cap);
	if (!ret) {
		cap.capability = DRM_CLIENT_CAP_ATOMIC;
		ret = kms_ioctl(p->fd, DRM_IOCTL_SET_CLIENT_CAP, &cap);
	}
	if (ret) {
		snprintf(p->err, sizeof(p->err),
			 "DRM_IOCTL_SET_CLIENT_CAP(%s): %s",
			 cap.capability == DRM_CLIENT_CAP_ATOMIC ? "ATOMIC" :
			 "UNIVERSAL_PLANES", strerror(-ret));
		return ret;
	}
	ret = kms_pipe_find_output(p, &crtc_idx);
	if (ret)
		return ret;
	ret = kms_ioctl(p->fd, DRM_IOCTL_MODE_GETPLANERESOURCES, &pr);
	for (uint32_t i = 0; !ret && i < pr.count_planes && i < KMS_MAX_OBJS &&
	     !p->plane; i++) {
		struct drm_mode_get_plane gp = { .plane_id = planes[i] };
		uint64_t type;
		uint32_t id;

		if (!kms_ioctl(p->fd, DRM_IOCTL_MODE_GETPLANE, &gp) &&
		    (gp.possible_crtcs & (1u << crtc_idx)) &&
		    !kms_prop(p->fd, planes[i], DRM_MODE_OBJECT_PLANE, "type",
			      &id, &type) &&
		    type == KMS_PLANE_TYPE_PRIMARY)
			p->plane = planes[i];
	}
	if (!p->plane) {
		snprintf(p->err, sizeof(p->err), "no primary plane for CRTC %u",
			 p->crtc);
		return -ENODEV;
	}
	for (size_t i = 0; i < sizeof(props) / sizeof(props[0]); i++) {
		uint32_t obj = props[i].obj == 0 ? p->crtc :
			       props[i].obj == 1 ? p->conn : p->plane;

		if (kms_prop(p->fd, obj, props[i].type, props[i].name,
			     props[i].id, NULL))
			goto no_prop;
	}
	for (int i = 0; i < 4; i++)
		if (kms_prop(p->fd, p->plane, DRM_MODE_OBJECT_PLANE, src[i],
			     &p->p_src[i], NULL) ||
		    kms_prop(p->fd, p->plane, DRM_MODE_OBJECT_PLANE, dst[i],
			     &p->p_dst[i], NULL))
			goto no_prop;
	return 0;
no_prop:
	snprintf(p->err, sizeof(p->err),
		 "a property an atomic modeset needs is missing");
	return -ENOENT;
}

struct kms_atomic_req {
	uint32_t objs[8], counts[8], props[32];
	uint64_t vals[32];
	uint32_t nobjs, nprops;
};

static inline void kms_atomic_add(struct kms_atomic_req *r, uint32_t obj,
				  uint32_t prop, uint64_t val)
{
	if (!r->nobjs || r->objs[r->nobjs - 1] != obj)
		r->objs[r->nobjs++] = obj;
	r->counts[r->nobjs - 1]++;
	r->props[r->nprops] = prop;
	r->vals[r->nprops++] = val;
}

/*
 * Blocking ALLOW_MODESET commit showing @fb at (0, 0) as w x h (no
 * scaling) on the primary plane, or (fb 0) disabling the pipeline.
 * 0 or -errno.
 */
static inline int kms_pipe_commit(struct kms_pipe *p, uint32_t fb, uint32_t w,
				  uint32_t h)
{
	struct kms_atomic_req r = { 0 };
	struct drm_mode_atomic a = { .flags = DRM_MODE_ATOMIC_ALLOW_MODESET };
	struct drm_mode_create_blob cb = { .data = (uintptr_t)&p->mode,
					   .length = sizeof(p->mode) };
	int ret;

	if (fb) {
		ret = kms_ioctl(p->fd, DRM_IOCTL_MODE_CREATEPROPBLOB, &cb);
		if (ret)
			return ret;
	}
	kms_atomic_add(&r, p->crtc, p->p_active, fb ? 1 : 0);
	kms_atomic_add(&r, p->crtc, p->p_mode_id, fb ? cb.blob_id : 0);
	kms_atomic_add(&r, p->conn, p->p_conn_crtc, fb ? p->crtc : 0);
	kms_atomic_add(&r, p->plane, p->p_fb, fb);
	kms_atomic_add(&r, p->plane, p->p_crtc, fb ? p->crtc : 0);
	if (fb) {
		const uint64_t sv[4] = { 0, 0, (uint64_t)w << 16,
					 (uint64_t)h << 16 };
		const uint64_t dv[4] = { 0, 0, w, h };

		for (int i = 0; i < 4; i++) {
			kms_atomic_add(&r, p->plane, p->p_src[i], sv[i]);
			kms_atomic_add(&r, p->plane, p->p_dst[i], dv[i]);
		}
	}
	a.count_objs = r.nobjs;
	a.objs_ptr = (uintptr_t)r.objs;
	a.count_props_ptr = (uintptr_t)r.counts;
	a.props_ptr = (uintptr_t)r.props;
	a.prop_values_ptr = (uintptr_t)r.vals;
	ret = kms_ioctl(p->fd, DRM_IOCTL_MODE_ATOMIC, &a);
	if (fb) {
		struct drm_mode_destroy_blob db = { .blob_id = cb.blob_id };

		kms_ioctl(p->fd, DRM_IOCTL_MODE_DESTROYPROPBLOB, &db);
	}
	return ret;
}

/* ADDFB2 of a single-plane XRGB8888 buffer; 0 and *fb, or -errno. */
static inline int kms_addfb_xrgb8888(int fd, uint32_t handle, uint32_t pitch,
				     uint32_t w, uint32_t h, uint32_t *fb)
{
	struct drm_mode_fb_cmd2 c = {
		.width = w, .height = h, .pixel_format = DRM_FORMAT_XRGB8888,
	};
	int ret;

	c.handles[0] = handle;
	c.pitches[0] = pitch;
	ret = kms_ioctl(fd, DRM_IOCTL_MODE_ADDFB2, &c);
	if (!ret)
		*fb = c.fb_id;
	return ret;
}

#endif /* SDP_KMS_PIPE_H */
