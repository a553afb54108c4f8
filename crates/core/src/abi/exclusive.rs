//! Windows structures of the exclusive IOCTLs.
