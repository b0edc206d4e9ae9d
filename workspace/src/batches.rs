//! Batch searches (filled in by the batch work).
