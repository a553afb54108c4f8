//! Windows structures of the storage IOCTLs.
