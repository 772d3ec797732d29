/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal atomic KMS pipeline for the project's DRM clients (sdp-demo,
 * the importer tests), on libdrm: the first connected connector with a
 * mode, a CRTC its encoder can drive, that CRTC's primary plane, and the
 * property ids a full modeset commit needs. Build with libdrm's include
 * directories (pkg-config --cflags libdrm) and link with -ldrm.
 */
#ifndef SDP_KMS_PIPE_H
#define SDP_KMS_PIPE_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <drm_fourcc.h>
#include <xf86drm.h>
#include <xf86drmMode.h>

struct kms_pipe {
	int fd;
	uint32_t conn, crtc, plane;
	drmModeModeInfo mode;		/* the connector's first mode */
	uint32_t p_active, p_mode_id, p_conn_crtc, p_fb, p_crtc;
	uint32_t p_src[4], p_dst[4];	/* X, Y, W, H */
	char err[128];			/* why kms_pipe_find() failed */
};

/* Property @name of object @obj: 0 and its id (and value), or -errno. */
static inline int kms_prop(int fd, uint32_t obj, uint32_t type,
			   const char *name, uint32_t *id, uint64_t *val)
{
	drmModeObjectProperties *props;
	int ret = -ENOENT;

	props = drmModeObjectGetProperties(fd, obj, type);
	if (!props)
		return errno ? -errno : -ENOMEM;
	for (uint32_t i = 0; i < props->count_props && ret; i++) {
		drmModePropertyRes *prop = drmModeGetProperty(fd, props->props[i]);

		if (prop && !strcmp(prop->name, name)) {
			*id = prop->prop_id;
			if (val)
				*val = props->prop_values[i];
			ret = 0;
		}
		drmModeFreeProperty(prop);
	}
	drmModeFreeObjectProperties(props);
	return ret;
}

/* Connector, mode and CRTC: the first connected connector that has them. */
static inline int kms_pipe_find_output(struct kms_pipe *p, int *crtc_idx)
{
	drmModeRes *res = drmModeGetResources(p->fd);
	int ret = -ENODEV;

	if (!res) {
		ret = errno ? -errno : -ENOMEM;
		snprintf(p->err, sizeof(p->err), "drmModeGetResources: %s",
			 strerror(-ret));
		return ret;
	}
	for (int i = 0; i < res->count_connectors && ret; i++) {
		drmModeConnector *c = drmModeGetConnector(p->fd,
							  res->connectors[i]);
		drmModeEncoder *enc = NULL;

		if (c && c->connection == DRM_MODE_CONNECTED && c->count_modes)
			enc = drmModeGetEncoder(p->fd, c->encoder_id ?
						c->encoder_id :
						c->count_encoders ?
						c->encoders[0] : 0);
		for (int j = 0; enc && j < res->count_crtcs; j++) {
			if (enc->possible_crtcs & (1u << j)) {
				*crtc_idx = j;
				p->crtc = res->crtcs[j];
				p->conn = c->connector_id;
				p->mode = c->modes[0];
				ret = 0;
				break;
			}
		}
		drmModeFreeEncoder(enc);
		drmModeFreeConnector(c);
	}
	drmModeFreeResources(res);
	if (ret)
		snprintf(p->err, sizeof(p->err),
			 "no connected connector with a mode and a CRTC");
	return ret;
}

/* The first primary plane that can feed CRTC @crtc_idx, or 0. */
static inline uint32_t kms_primary_plane(int fd, int crtc_idx)
{
	drmModePlaneRes *res = drmModeGetPlaneResources(fd);
	uint32_t found = 0;

	for (uint32_t i = 0; res && i < res->count_planes && !found; i++) {
		drmModePlane *plane = drmModeGetPlane(fd, res->planes[i]);
		uint64_t type;
		uint32_t id;

		if (plane && (plane->possible_crtcs & (1u << crtc_idx)) &&
		    !kms_prop(fd, plane->plane_id, DRM_MODE_OBJECT_PLANE,
			      "type", &id, &type) &&
		    type == DRM_PLANE_TYPE_PRIMARY)
			found = plane->plane_id;
		drmModeFreePlane(plane);
	}
	drmModeFreePlaneResources(res);
	return found;
}

/*
 * Find the pipeline on p->fd (set by the caller) and enable atomic
 * modesetting for it. 0, or -errno with p->err saying what is missing.
 */
static inline int kms_pipe_find(struct kms_pipe *p)
{
	static const char *const src[4] = { "SRC_X", "SRC_Y", "SRC_W", "SRC_H" };
	static const char *const dst[4] = { "CRTC_X", "CRTC_Y", "CRTC_W", "CRTC_H" };
	const struct { uint32_t obj, type; const char *name; uint32_t *id; } props[] = {
		{ 0, DRM_MODE_OBJECT_CRTC, "ACTIVE", &p->p_active },
		{ 0, DRM_MODE_OBJECT_CRTC, "MODE_ID", &p->p_mode_id },
		{ 1, DRM_MODE_OBJECT_CONNECTOR, "CRTC_ID", &p->p_conn_crtc },
		{ 2, DRM_MODE_OBJECT_PLANE, "FB_ID", &p->p_fb },
		{ 2, DRM_MODE_OBJECT_PLANE, "CRTC_ID", &p->p_crtc },
	};
	const char *cap = "UNIVERSAL_PLANES";
	int crtc_idx = -1, ret;

	ret = drmSetClientCap(p->fd, DRM_CLIENT_CAP_UNIVERSAL_PLANES, 1);
	if (!ret) {
		cap = "ATOMIC";
		ret = drmSetClientCap(p->fd, DRM_CLIENT_CAP_ATOMIC, 1);
	}
	if (ret) {
		ret = -errno;
		snprintf(p->err, sizeof(p->err), "drmSetClientCap(%s): %s",
			 cap, strerror(-ret));
		return ret;
	}
	ret = kms_pipe_find_output(p, &crtc_idx);
	if (ret)
		return ret;
	p->plane = kms_primary_plane(p->fd, crtc_idx);
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

/* One atomic request: the pipeline on (@fb, mode @blob) or off (fb 0). */
static inline int kms_pipe_atomic(struct kms_pipe *p, uint32_t fb,
				  uint32_t blob, uint32_t w, uint32_t h)
{
	const struct { uint32_t obj, prop; uint64_t val; } set[] = {
		/* enabling or disabling the pipeline */
		{ p->crtc, p->p_active, fb ? 1 : 0 },
		{ p->crtc, p->p_mode_id, blob },
		{ p->conn, p->p_conn_crtc, fb ? p->crtc : 0 },
		{ p->plane, p->p_fb, fb },
		{ p->plane, p->p_crtc, fb ? p->crtc : 0 },
		/* and, when enabling, where the frame goes */
		{ p->plane, p->p_src[0], 0 },
		{ p->plane, p->p_src[1], 0 },
		{ p->plane, p->p_src[2], (uint64_t)w << 16 },
		{ p->plane, p->p_src[3], (uint64_t)h << 16 },
		{ p->plane, p->p_dst[0], 0 },
		{ p->plane, p->p_dst[1], 0 },
		{ p->plane, p->p_dst[2], w },
		{ p->plane, p->p_dst[3], h },
	};
	size_t n = fb ? sizeof(set) / sizeof(set[0]) : 5;
	drmModeAtomicReq *req = drmModeAtomicAlloc();
	int ret = 0;

	if (!req)
		return -ENOMEM;
	for (size_t i = 0; i < n && !ret; i++)
		if (drmModeAtomicAddProperty(req, set[i].obj, set[i].prop,
					     set[i].val) < 0)
			ret = -ENOMEM;
	if (!ret)
		ret = drmModeAtomicCommit(p->fd, req,
					  DRM_MODE_ATOMIC_ALLOW_MODESET, NULL);
	drmModeAtomicFree(req);
	return ret;
}

/*
 * Blocking ALLOW_MODESET commit showing @fb at (0, 0) as w x h (no
 * scaling) on the primary plane, or (fb 0) disabling the pipeline.
 * 0 or -errno.
 */
static inline int kms_pipe_commit(struct kms_pipe *p, uint32_t fb, uint32_t w,
				  uint32_t h)
{
	uint32_t blob = 0;
	int ret;

	if (fb) {
		ret = drmModeCreatePropertyBlob(p->fd, &p->mode,
						sizeof(p->mode), &blob);
		if (ret)
			return ret;
	}
	ret = kms_pipe_atomic(p, fb, blob, w, h);
	if (blob)
		drmModeDestroyPropertyBlob(p->fd, blob);
	return ret;
}

/* drmModeAddFB2 of a single-plane XRGB8888 buffer; 0 and *fb, or -errno. */
static inline int kms_addfb_xrgb8888(int fd, uint32_t handle, uint32_t pitch,
				     uint32_t w, uint32_t h, uint32_t *fb)
{
	const uint32_t handles[4] = { handle }, pitches[4] = { pitch };
	const uint32_t offsets[4] = { 0 };

	return drmModeAddFB2(fd, w, h, DRM_FORMAT_XRGB8888, handles, pitches,
			     offsets, fb, 0);
}

#endif /* SDP_KMS_PIPE_H */
