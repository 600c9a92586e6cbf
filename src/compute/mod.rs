//! Compute stage: pure functions from a loaded project to one `Report`.
