#ifndef MAILROOM_CLIBFUZZER_H
#define MAILROOM_CLIBFUZZER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (compiler-rt FuzzerInterface.h, LLVM 11+). SwiftPM links executables with
/// `main` renamed to `<Module>_main`, which displaces libFuzzer's own `main`, so each fuzzer's
/// main.swift calls the driver itself.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
