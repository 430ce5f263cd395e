// Intentionally empty: CLibFuzzer only declares libFuzzer's entry point (see include/CLibFuzzer.h).
