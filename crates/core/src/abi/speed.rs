//! Windows structures of the speed IOCTLs.
