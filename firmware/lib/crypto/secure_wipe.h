/* SPDX-License-Identifier: GPL-2.0 */
/*
 * secure_wipe(): zero memory that held key material or plaintext, in a way
 * the compiler cannot drop as a dead store (a plain memset before the
 * object dies may be removed). Byte stores only, so it is safe on any
 * alignment, in any memory type. Pure C: also built for the host tests.
 */
#ifndef FW_CRYPTO_SECURE_WIPE_H
#define FW_CRYPTO_SECURE_WIPE_H

#include <stddef.h>

void secure_wipe(void *p, size_t n);

#endif /* FW_CRYPTO_SECURE_WIPE_H */
