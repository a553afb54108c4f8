//! Windows structures of the toc IOCTLs.
