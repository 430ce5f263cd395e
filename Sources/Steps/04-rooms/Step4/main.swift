// SPDX-License-Identifier: MIT
// Step 4: being written.
print("Step4 is not built yet")
