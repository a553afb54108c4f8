//! Windows structures of the disk IOCTLs.
