// Intentionally empty: CSystem only re-exports system headers (see include/CSystem.h).
