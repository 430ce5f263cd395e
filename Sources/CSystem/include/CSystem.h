// SPDX-License-Identifier: MIT
//
// Glibc's Swift module does not export epoll or eventfd, so this header brings them in.
// It declares nothing of its own: every name comes from the system headers.
#ifndef CSYSTEM_H
#define CSYSTEM_H

#if defined(__linux__)
#include <sys/epoll.h>
#include <sys/eventfd.h>
#endif

#endif
