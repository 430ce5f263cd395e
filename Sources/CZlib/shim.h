// SPDX-License-Identifier: MIT
//
// The system zlib (zlib1g-dev on Debian, built into macOS), for permessage-deflate (RFC 7692) and the gzip and
// deflate content codings of long-polling responses (RFC 9110 §8.4.1). `deflateInit2` and `inflateInit2` are
// macros that pass the library's version and the size of `z_stream`; Swift imports no function-like macro,
// so they are wrapped here in inline functions. Nothing else is declared.
#include <zlib.h>

static inline int CZlib_deflateInit2(z_streamp stream, int level, int windowBits, int memLevel) {
    return deflateInit2(stream, level, Z_DEFLATED, windowBits, memLevel, Z_DEFAULT_STRATEGY);
}

static inline int CZlib_inflateInit2(z_streamp stream, int windowBits) {
    return inflateInit2(stream, windowBits);
}
