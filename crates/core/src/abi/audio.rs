//! Windows structures of the audio IOCTLs.
