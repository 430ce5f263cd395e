// SPDX-License-Identifier: MIT
//
// SQLite ships with every Swift toolchain install on Linux (libsqlite3) and is built into macOS.
// This module only exposes its C API to Swift; it declares nothing of its own.
#include <sqlite3.h>
