// SPDX-License-Identifier: MIT
// Step 3: being written.
print("Step3 is not built yet")
