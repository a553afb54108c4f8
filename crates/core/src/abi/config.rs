//! Windows structures of the config IOCTLs.
