//! Windows structures of the rawread IOCTLs.
