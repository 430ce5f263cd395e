// SPDX-License-Identifier: MIT
//
// libFuzzer's "use your own main" entry point (https://llvm.org/docs/LibFuzzer.html#using-libfuzzer-as-a-library).
// SwiftPM gives an executable target its own `main`, so the fuzz build of SIOFuzz calls this from `@main`
// instead of linking libFuzzer's `main`. Only a declaration: a plain build never calls it, so never links it.
#ifndef CLIBFUZZER_H
#define CLIBFUZZER_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
